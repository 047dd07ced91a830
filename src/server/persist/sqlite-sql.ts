import type Database from "better-sqlite3";
import type { Sql } from "./sql.js";

type Statement = Database.Statement<unknown[], unknown>;

// better-sqlite3 binds numbers, strings, bigints, buffers and null; the seam also takes booleans and undefined.
const bind = (values: readonly unknown[]): unknown[] =>
  values.map((v) => (v === undefined ? null : typeof v === "boolean" ? (v ? 1 : 0) : v));

/**
 * The SQLite side of the seam: every unit of work runs on the one connection, serialised, so
 * rows need no locks. Statements are prepared once per text and reused.
 */
export class SqliteSql implements Sql {
  readonly dialect = "sqlite" as const;
  readonly forUpdate = "";
  private readonly prepared = new Map<string, Statement>();

  constructor(private readonly db: Database.Database) {}

  private statement(text: string): Statement {
    let found = this.prepared.get(text);
    if (!found) {
      found = this.db.prepare<unknown[], unknown>(text);
      this.prepared.set(text, found);
    }
    return found;
  }

  async rows<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return this.statement(text).all(...bind(values)) as R[];
  }
  async one<R>(text: string, values: readonly unknown[] = []): Promise<R | null> {
    return (this.statement(text).get(...bind(values)) as R | undefined) ?? null;
  }
  async exec(text: string, values: readonly unknown[] = []): Promise<number> {
    return this.statement(text).run(...bind(values)).changes;
  }
  async insertMany(head: string, tuples: ReadonlyArray<readonly unknown[]>, tail = ""): Promise<void> {
    if (tuples.length === 0) return;
    const statement = this.statement(`${head} VALUES (${tuples[0]!.map(() => "?").join(", ")}) ${tail}`);
    for (const t of tuples) statement.run(...bind(t));
  }
  async lockKey(): Promise<void> {}
  async notify(): Promise<void> {}
}
