import pg, { type ClientBase, type QueryResult, type QueryResultRow } from "pg";
import { LOCK_CLASS, tuple, type Sql } from "./sql.js";

// Rows arrive as the seam promises (sql.ts): JSON and JSONB as text, BIGINT and NUMERIC as numbers
// (Arena's counters and sequence numbers stay far below 2^53).
const AS_TEXT = new Set([114, 3802]);
const AS_NUMBER = new Set([20, 1700]);
export const ROW_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (AS_TEXT.has(oid)) return (value: string) => value;
    if (AS_NUMBER.has(oid)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

const converted = new Map<string, string>();
const MAX_CONVERTED = 1_000;

/** `?` → `$1, $2, …` (outside quoted literals and identifiers); cached, since stores reuse a few texts. */
export function numberPlaceholders(text: string): string {
  const known = converted.get(text);
  if (known !== undefined) return known;
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) quote = ch === quote ? null : quote;
    else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  if (converted.size >= MAX_CONVERTED) converted.clear();
  converted.set(text, out);
  return out;
}

// At most this many parameters per statement (PostgreSQL's limit is 65,535).
const MAX_PARAMETERS = 10_000;

/** The PostgreSQL side of the seam: statements of one unit of work, on the connection that holds it. */
export class PgSql implements Sql {
  readonly dialect = "postgres" as const;
  readonly forUpdate = " FOR UPDATE";
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: ClientBase,
    private readonly channel: string,
  ) {}

  /**
   * One statement at a time on the connection: services may read several repositories with
   * Promise.all (as buildSnapshot does), and pg deprecates overlapping queries on a client.
   */
  private run<R extends QueryResultRow>(text: string, values: readonly unknown[]): Promise<QueryResult<R>> {
    const result = this.tail.then(() => this.client.query<R>(numberPlaceholders(text), [...values]));
    this.tail = result.catch(() => undefined);
    return result;
  }

  async rows<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.run(text, values)).rows as R[];
  }
  async one<R>(text: string, values: readonly unknown[] = []): Promise<R | null> {
    return (await this.rows<R>(text, values))[0] ?? null;
  }
  async exec(text: string, values: readonly unknown[] = []): Promise<number> {
    return (await this.run(text, values)).rowCount ?? 0;
  }
  async insertMany(head: string, tuples: ReadonlyArray<readonly unknown[]>, tail = ""): Promise<void> {
    if (tuples.length === 0) return;
    const width = tuples[0]!.length;
    const one = tuple(width);
    const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / width));
    for (let i = 0; i < tuples.length; i += chunk) {
      const part = tuples.slice(i, i + chunk);
      await this.run(`${head} VALUES ${part.map(() => one).join(", ")} ${tail}`, part.flat());
    }
  }
  async lockKey(lockClass: number, key: string): Promise<void> {
    await this.run("SELECT pg_advisory_xact_lock(?::int, hashtext(current_schema() || ?))", [lockClass, key]);
  }
  async notify(payload: string): Promise<void> {
    await this.run("SELECT pg_notify(?, ?)", [this.channel, payload]);
  }
  /** Takes the transaction-scoped lock that serialises every unit of work on `schema`, on every replica. */
  async lockUnitOfWork(schema: string): Promise<void> {
    await this.run("SELECT pg_advisory_xact_lock(?::int, hashtext(?))", [LOCK_CLASS.unitOfWork, schema]);
  }
}
