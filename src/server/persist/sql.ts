/**
 * The SQL-dialect seam (ADR 020): what a slice's one SQL store needs from a database,
 * whichever it is. Statements are written once, in the SQL SQLite and PostgreSQL share,
 * with `?` placeholders; an adapter (sqlite-sql.ts, postgres-sql.ts) turns them into its
 * dialect and hands rows back in one shape:
 * - JSON columns arrive as JSON text on both (PostgreSQL's JSONB is not parsed by pg): decode with {@link parseJson};
 * - integer columns (BIGINT, COUNT, SUM) arrive as numbers on both;
 * - booleans are bound as booleans; they arrive as 0/1 (SQLite) or true/false: read with `Boolean(…)`.
 * What the dialects really do differently is asked here, not spelled in the stores: row locks
 * ({@link Sql.forUpdate}), locks on a key that has no row yet ({@link Sql.lockKey}), many-row inserts.
 */
export interface Sql {
  readonly dialect: "sqlite" | "postgres";
  rows<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  one<R>(text: string, values?: readonly unknown[]): Promise<R | null>;
  /** Runs a write and returns how many rows it touched. */
  exec(text: string, values?: readonly unknown[]): Promise<number>;
  /**
   * Runs `head VALUES (?, …) tail` for every tuple, in order, with one statement per tuple (SQLite:
   * prepared once, no round trip) or a few many-row statements (PostgreSQL: one round trip per chunk).
   * An upsert `tail` must not meet one key twice in a call (merge the tuples first).
   */
  insertMany(head: string, tuples: ReadonlyArray<readonly unknown[]>, tail?: string): Promise<void>;
  /** " FOR UPDATE" where a read must lock the rows it returns until commit; "" where every unit of work is serialised. */
  readonly forUpdate: string;
  /**
   * Holds `key` (in lock class `lockClass`) until the unit of work ends, for read-check-writes on rows that may
   * not exist yet, in units of work that skip the global lock. A no-op where every unit of work is serialised.
   */
  lockKey(lockClass: number, key: string): Promise<void>;
  /**
   * Tells the other replicas sharing the database, once (and only if) this unit of work commits
   * (PostgreSQL: NOTIFY on the schema's change channel). A no-op for a database one process owns.
   */
  notify(payload: string): Promise<void>;
}

/** A SQL backend's units of work (persist/sqlite-database.ts, persist/postgres-database.ts): all the assembly needs. */
export interface SqlDatabase {
  /** Runs `fn` as one unit of work: everything it wrote commits, or nothing if it throws. `lock`: see TxOptions. */
  tx<T>(fn: (sql: Sql) => Promise<T>, lock?: "global" | "none"): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Advisory-lock class ids ("Arena" namespaces); the second key is hashtext(schema), so schemas never contend. */
export const LOCK_CLASS = { migrate: 0x4172_0001, unitOfWork: 0x4172_0002, predictionJoin: 0x4172_0003 } as const;

/** A value for a JSON column (null stays SQL NULL). */
export const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** A JSON column's text → value (SQL NULL → null). */
export const parseJson = <T = unknown>(text: unknown): T => (text === null || text === undefined ? null : JSON.parse(text as string)) as T;

/** `(?, ?, ?)` for `n` columns. */
export const tuple = (n: number): string => `(${Array.from({ length: n }, () => "?").join(", ")})`;

/** Identifiers we splice into SQL (schema names) must be plain: letters, digits, underscores. */
export function assertIdentifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`${what} "${name}" must be 1-63 letters, digits or underscores, not starting with a digit`);
  }
  return name;
}

/** Merges rows with the same key and sorts them by key, so concurrent writers lock rows in one order (no deadlock). */
export function mergeByKey<R>(rows: readonly R[], key: (r: R) => string, merge: (a: R, b: R) => R): R[] {
  const byKey = new Map<string, R>();
  for (const r of rows) {
    const k = key(r);
    const seen = byKey.get(k);
    byKey.set(k, seen ? merge(seen, r) : r);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** A filter that holds when its value is absent: `(CAST(? AS TEXT) IS NULL OR column = ?)`, bound with {@link optional}. */
export const matchesIfGiven = (column: string): string => `(CAST(? AS TEXT) IS NULL OR ${column} = ?)`;

/** The two values {@link matchesIfGiven} binds. */
export const optional = (value: string | null | undefined): [string | null, string | null] => [value ?? null, value ?? null];
