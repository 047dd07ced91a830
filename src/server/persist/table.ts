import { json, parseJson, tuple, type Sql } from "./sql.js";

const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A table whose columns are a domain type's fields in snake_case (`createdAt` is `created_at`): the
 * SELECT list (columns under their field names), the INSERT and the decoding of rows all come from one
 * list of fields, so a store states only its WHERE clauses. Absent fields are written as NULL.
 */
export class Table<T> {
  private readonly fields: string[];
  private readonly selectList: string;

  /** `fields`: "a, b, c"; `jsonFields` are stored as JSON text, `flags` are booleans (SQLite hands them back as 0/1). */
  constructor(
    readonly name: string,
    fields: string,
    private readonly jsonFields: string[] = [],
    private readonly flags: string[] = [],
  ) {
    this.fields = fields.split(", ");
    this.selectList = this.fields.map((f) => (columnOf(f) === f ? f : `${columnOf(f)} AS "${f}"`)).join(", ");
  }

  /** A row as the database returned it (its columns under their field names) → the domain value. */
  private decode(row: object): T {
    const out: Record<string, unknown> = { ...row };
    for (const f of this.jsonFields) out[f] = parseJson(out[f]);
    for (const f of this.flags) out[f] = Boolean(out[f]);
    return out as T;
  }
  /** The first row `rest` (WHERE, ORDER BY, LIMIT) selects, decoded. */
  async one(sql: Sql, rest: string, values: readonly unknown[] = []): Promise<T | null> {
    const row = await sql.one<object>(`SELECT ${this.selectList} FROM ${this.name} ${rest}`, values);
    return row ? this.decode(row) : null;
  }
  /** Every row `rest` (WHERE, ORDER BY, LIMIT) selects, decoded. */
  async rows(sql: Sql, rest = "", values: readonly unknown[] = []): Promise<T[]> {
    return (await sql.rows<object>(`SELECT ${this.selectList} FROM ${this.name} ${rest}`, values)).map((row) => this.decode(row));
  }
  /** Deletes the rows `where` selects and returns them, decoded (DELETE … RETURNING: two units of work never both take a row). */
  async take(sql: Sql, where: string, values: readonly unknown[]): Promise<T[]> {
    return (await sql.rows<object>(`DELETE FROM ${this.name} ${where} RETURNING ${this.selectList}`, values)).map((row) =>
      this.decode(row),
    );
  }
  /** Inserts `value` (`tail`: e.g. an ON CONFLICT clause) and returns how many rows that wrote. */
  insert(sql: Sql, value: T, tail = ""): Promise<number> {
    const row = value as Record<string, unknown>;
    const values = this.fields.map((f) => (this.jsonFields.includes(f) ? json(row[f]) : (row[f] ?? null)));
    return sql.exec(`INSERT INTO ${this.name} (${this.fields.map(columnOf).join(", ")}) VALUES ${tuple(values.length)} ${tail}`, values);
  }
}
