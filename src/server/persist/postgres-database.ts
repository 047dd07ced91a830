import pg from "pg";
import { servingChannel } from "./postgres-channel.js";
import { explainStoreError, isRetryableConflict, StoreUnavailableError } from "./postgres-errors.js";
import { migratePostgres } from "./postgres-migrate.js";
import { PgSql, ROW_TYPES } from "./postgres-sql.js";
import { assertIdentifier, type SqlDatabase } from "./sql.js";

export interface PostgresStoreOptions {
  /** postgres://user:password@host:5432/database */
  connectionString: string;
  /** Schema holding Arena's tables; created if missing. Default "public". */
  schema?: string;
  /** Connections per replica. Default 10. */
  poolSize?: number;
}

const MAX_ATTEMPTS = 5;
const CONNECT_TIMEOUT_MS = 5_000;
// Server-side guards so a stuck replica cannot hold the global lock (or a connection) forever.
const SESSION_SETTINGS = ["lock_timeout=10s", "statement_timeout=30s", "idle_in_transaction_session_timeout=60s"];

/** Connection settings shared by the store's pool, the change feed's listener and the leader lease. */
export function connectionConfig(options: PostgresStoreOptions): pg.ClientConfig {
  const schema = assertIdentifier(options.schema ?? "public", "database schema");
  return {
    connectionString: options.connectionString,
    options: [`search_path=${schema}`, ...SESSION_SETTINGS].map((s) => `-c ${s}`).join(" "),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: "arena",
    types: ROW_TYPES,
  };
}

/**
 * A PostgreSQL database shared by several replicas. Each unit of work runs on one pooled
 * connection in a READ COMMITTED transaction that first takes a transaction-scoped
 * advisory lock (one per schema), so units of work are serialised across every
 * replica exactly as they are on SQLite. READ COMMITTED matters: each statement
 * after the lock sees everything the previous lock holder committed (a REPEATABLE
 * READ snapshot could be taken before the lock was granted). See ADR 005.
 */
export class PostgresDatabase implements SqlDatabase {
  /** The LISTEN/NOTIFY channel of this schema (see postgres-channel.ts). */
  readonly channel: string;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
    private readonly poolSize: number,
  ) {
    this.channel = servingChannel(schema);
  }

  /** Connects, applies missing `migrations` (race-safe across replicas) and returns the database. */
  static async open(options: PostgresStoreOptions, migrations: readonly string[]): Promise<PostgresDatabase> {
    const schema = assertIdentifier(options.schema ?? "public", "database schema");
    const poolSize = options.poolSize ?? 10;
    const pool = new pg.Pool({ ...connectionConfig(options), max: poolSize });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", () => undefined);
    try {
      const client = await pool.connect();
      const onError = () => undefined; // see attempt(): the failing statement reports it
      client.on("error", onError);
      try {
        await migratePostgres(client, schema, migrations);
      } finally {
        client.off("error", onError);
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresDatabase(pool, schema, poolSize);
  }

  /**
   * Runs `fn` as one unit of work, again (up to 5 times) when PostgreSQL reports a serialization
   * failure or deadlock. `lock: "none"` skips the global lock (see TxOptions in store/store.ts).
   */
  async tx<T>(fn: (sql: PgSql) => Promise<T>, lock: "global" | "none" = "global"): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(fn, lock);
      } catch (error) {
        if (!isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  private async attempt<T>(fn: (sql: PgSql) => Promise<T>, lock: "global" | "none"): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      // pg reports a checkout that waited too long for a busy pool like a failed connect; say which it was.
      if (this.pool.totalCount >= this.poolSize && this.pool.idleCount === 0) {
        throw new StoreUnavailableError(
          `database busy or not answering: all ${this.poolSize} connections of this replica stayed in use for ${CONNECT_TIMEOUT_MS / 1000} s; nothing was written, retry later`,
        );
      }
      throw explainStoreError(error, false);
    }
    let committing = false;
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection dropped between two statements
    // would be an unhandled 'error' event and kill the process. The next statement fails instead.
    const onError = (error: Error) => (broken = error);
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const sql = new PgSql(client, this.channel);
      if (lock === "global") await sql.lockUnitOfWork(this.schema);
      const result = await fn(sql);
      committing = true;
      await client.query("COMMIT");
      return result;
    } catch (error) {
      if (!committing) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      } else {
        // COMMIT itself failed: the connection's state is unknown, never reuse it.
        broken = error as Error;
      }
      throw explainStoreError(error, committing);
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.pool.query("SELECT 1");
    } catch (error) {
      throw explainStoreError(error, false);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
