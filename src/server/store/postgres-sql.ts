import type { ClientBase, QueryResult, QueryResultRow } from "pg";

/**
 * The one thing PostgreSQL repositories need: run a statement on the connection
 * that holds the current unit of work. A thin wrapper so repositories stay short
 * and never see pool or transaction handling.
 */
export class PgSql {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: ClientBase) {}

  /**
   * One statement at a time on the connection: services may read several repositories with
   * Promise.all (as buildSnapshot does), and pg deprecates overlapping queries on a client.
   */
  private run<R extends QueryResultRow>(text: string, values: readonly unknown[]): Promise<QueryResult<R>> {
    const result = this.tail.then(() => this.client.query<R>(text, [...values]));
    this.tail = result.catch(() => undefined);
    return result;
  }

  async rows<R extends QueryResultRow>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.run<R>(text, values)).rows;
  }

  async one<R extends QueryResultRow>(text: string, values: readonly unknown[] = []): Promise<R | null> {
    return (await this.rows<R>(text, values))[0] ?? null;
  }

  /** Runs a write and returns how many rows it touched. */
  async exec(text: string, values: readonly unknown[] = []): Promise<number> {
    return (await this.run(text, values)).rowCount ?? 0;
  }
}

/**
 * pg returns BIGINT and NUMERIC as strings (they may exceed 2^53). Arena's counters
 * and sequence numbers stay far below that, so they become plain numbers.
 */
export const toNumber = (value: string | number): number => (typeof value === "number" ? value : Number(value));

/**
 * JSON values are sent as text and cast with `::jsonb` in SQL: pg would turn a
 * JavaScript array into a PostgreSQL array literal, not JSON.
 */
export const jsonParam = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** Identifiers we splice into SQL (schema names) must be plain: letters, digits, underscores. */
export function assertIdentifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`${what} "${name}" must be 1-63 letters, digits or underscores, not starting with a digit`);
  }
  return name;
}
