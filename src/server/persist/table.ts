import { json, parseJson, tuple, type Sql } from "./sql.js";

const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** How the columns hold a value: `json` fields as JSON text, `flags` as booleans (SQLite hands them back as 0/1). */
interface Encoding {
  json?: string[];
  flags?: string[];
  /**
   * The value is one JSON document in the `doc` column; the listed fields are copies for the queries, and
   * the `id` column's value is the value's `id` (the database may assign it: see {@link Table.append}).
   */
  doc?: boolean;
}

/**
 * A table whose columns are a domain type's fields in snake_case (`createdAt` is `created_at`): the
 * SELECT list (columns under their field names), the INSERT and the decoding of rows all come from one
 * list of fields ("a, b, c"), so a store states only its WHERE clauses. Absent fields are written as NULL.
 */
export class Table<T extends object> {
  private readonly fields: string[];
  private readonly selectList: string;

  constructor(
    readonly name: string,
    fields: string,
    private readonly encoding: Encoding = {},
  ) {
    this.fields = fields.split(", ");
    this.selectList = encoding.doc ? "id, doc" : this.fields.map((f) => (columnOf(f) === f ? f : `${columnOf(f)} AS "${f}"`)).join(", ");
  }

  /** The first row `rest` (WHERE, ORDER BY, LIMIT) selects, decoded. */
  async one(sql: Sql, rest: string, values: readonly unknown[] = []): Promise<T | null> {
    return (await this.rows(sql, rest, values))[0] ?? null;
  }
  /** Every row `rest` (WHERE, ORDER BY, LIMIT) selects, decoded. */
  rows(sql: Sql, rest = "", values: readonly unknown[] = []): Promise<T[]> {
    return this.decoded(sql, `SELECT ${this.selectList} FROM ${this.name} ${rest}`, values);
  }
  /** Deletes the rows `where` selects and returns them, decoded (DELETE … RETURNING: two units of work never both take a row). */
  take(sql: Sql, where: string, values: readonly unknown[]): Promise<T[]> {
    return this.decoded(sql, `DELETE FROM ${this.name} ${where} RETURNING ${this.selectList}`, values);
  }
  /** Inserts `value` (`tail`: e.g. an ON CONFLICT clause) and returns how many rows that wrote. */
  insert(sql: Sql, value: T, tail = ""): Promise<number> {
    return sql.exec(...this.insertOf(value, this.fields, tail));
  }
  /** Inserts `value` and returns the `id` the database gave it. */
  async append(sql: Sql, value: Omit<T, "id">): Promise<number> {
    const fields = this.fields.filter((f) => f !== "id");
    const [text, values] = this.insertOf(value, fields, "RETURNING id");
    return (await sql.one<{ id: number }>(text, values))!.id;
  }

  private insertOf(value: object, fields: string[], tail: string): [string, unknown[]] {
    const row = value as Record<string, unknown>;
    const values = fields.map((f) => (this.encoding.json?.includes(f) ? json(row[f]) : (row[f] ?? null)));
    const columns = fields.map(columnOf);
    if (this.encoding.doc) {
      columns.push("doc");
      values.push(json(value));
    }
    return [`INSERT INTO ${this.name} (${columns.join(", ")}) VALUES ${tuple(values.length)} ${tail}`, values];
  }
  private async decoded(sql: Sql, text: string, values: readonly unknown[]): Promise<T[]> {
    return (await sql.rows<Record<string, unknown>>(text, values)).map((row) => {
      if (this.encoding.doc) return { ...parseJson<T>(row.doc), id: row.id };
      for (const f of this.encoding.json ?? []) row[f] = parseJson(row[f]);
      for (const f of this.encoding.flags ?? []) row[f] = Boolean(row[f]);
      return row as T;
    });
  }
}
