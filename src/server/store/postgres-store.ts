import pg from "pg";
import { PostgresAliasRepo } from "../aliases/store-postgres.js";
import { PostgresAuditRepo } from "../audit/store-postgres.js";
import { PostgresCandidateRepo } from "../candidates/store-postgres.js";
import { PostgresExposureRepo } from "../exposures/store-postgres.js";
import { PostgresFreezeRepo } from "../freeze/store-postgres.js";
import { PostgresIdempotencyRepo } from "../idempotency/store-postgres.js";
import { PostgresMetricRepo } from "../metrics/store-postgres.js";
import { PostgresNotificationRepo } from "../notifications/store-postgres.js";
import { PostgresPolicyRepo } from "../policies/store-postgres.js";
import { PostgresProgramRepo } from "../programs/store-postgres.js";
import { PostgresDecisionRepo, PostgresRolloutRepo } from "../rollouts/store-postgres.js";
import { PostgresServingRepo } from "../serving/store-postgres.js";
import { PostgresTelemetryRepo } from "../telemetry/store-postgres.js";
import { PostgresTokenRepo } from "../tokens/store-postgres.js";
import { PostgresPrincipalRepo } from "../principals/store-postgres.js";
import { PostgresChangeRepo } from "../changes/store-postgres.js";
import { PostgresSealRepo } from "../seals/store-postgres.js";
import { PostgresTrafficRepo } from "../traffic/store-postgres.js";
import { servingChannel } from "./postgres-channel.js";
import { explainStoreError, isRetryableConflict, StoreUnavailableError } from "./postgres-errors.js";
import { LOCK_CLASS, migratePostgres } from "./postgres-migrations.js";
import { assertIdentifier, PgSql } from "./postgres-sql.js";
import { originOf } from "./derived-repos.js";
import type { Repos, Store, TxOptions } from "./store.js";

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

/** Connection settings shared by the store's pool and the change feed's listener. */
export function connectionConfig(options: PostgresStoreOptions): pg.ClientConfig {
  const schema = assertIdentifier(options.schema ?? "public", "database schema");
  return {
    connectionString: options.connectionString,
    options: [`search_path=${schema}`, ...SESSION_SETTINGS].map((s) => `-c ${s}`).join(" "),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: "arena",
  };
}

/**
 * PostgreSQL store for several replicas. Each unit of work runs on one pooled
 * connection in a READ COMMITTED transaction that first takes a transaction-scoped
 * advisory lock (one per schema), so units of work are serialised across every
 * replica exactly as they are on SQLite. READ COMMITTED matters: each statement
 * after the lock sees everything the previous lock holder committed (a REPEATABLE
 * READ snapshot could be taken before the lock was granted). See ADR 005.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  readonly schema: string;
  readonly channel: string;

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly poolSize: number,
  ) {
    this.schema = schema;
    this.channel = servingChannel(schema);
  }

  /** Connects, applies missing migrations (race-safe across replicas) and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
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
        await migratePostgres(client, schema);
      } finally {
        client.off("error", onError);
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresStore(pool, schema, poolSize);
  }

  async tx<T>(fn: (repos: Repos) => Promise<T>, options: TxOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(fn, options.lock ?? "global");
      } catch (error) {
        if (!isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  private async attempt<T>(fn: (repos: Repos) => Promise<T>, lock: "global" | "none"): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      // pg reports a checkout that waited too long for a busy pool like a failed connect; say which it was.
      if (this.pool.totalCount >= this.poolSize && this.pool.idleCount === 0) {
        throw new StoreUnavailableError(`database busy or not answering: all ${this.poolSize} connections of this replica stayed in use for ${CONNECT_TIMEOUT_MS / 1000} s; nothing was written, retry later`);
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
      if (lock === "global") await client.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [LOCK_CLASS.unitOfWork, this.schema]);
      const sql = new PgSql(client);
      const repos = bindRepos(sql, this.channel);
      connections.set(repos, sql);
      const result = await fn(repos);
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

// Which connection a set of repositories is bound to, for checks that are not a repository (the leader's fencing token).
const connections = new WeakMap<Repos, PgSql>();

/**
 * The connection running the unit of work `repos` belongs to, or null when `repos` did not come from a
 * PostgresStore. Lets the leader lease check its fencing token inside the controller's own transaction
 * without adding a repository every store would have to implement.
 */
export function unitOfWorkSql(repos: Repos): PgSql | null {
  return connections.get(originOf(repos)) ?? null;
}

function bindRepos(sql: PgSql, channel: string): Repos {
  return {
    programs: new PostgresProgramRepo(sql),
    candidates: new PostgresCandidateRepo(sql),
    aliases: new PostgresAliasRepo(sql),
    traffic: new PostgresTrafficRepo(sql),
    audit: new PostgresAuditRepo(sql),
    tokens: new PostgresTokenRepo(sql),
    principals: new PostgresPrincipalRepo(sql),
    changes: new PostgresChangeRepo(sql),
    seals: new PostgresSealRepo(sql),
    serving: new PostgresServingRepo(sql, channel),
    exposures: new PostgresExposureRepo(sql),
    metrics: new PostgresMetricRepo(sql),
    telemetry: new PostgresTelemetryRepo(sql),
    rollouts: new PostgresRolloutRepo(sql),
    decisions: new PostgresDecisionRepo(sql),
    policies: new PostgresPolicyRepo(sql),
    freezes: new PostgresFreezeRepo(sql),
    idempotency: new PostgresIdempotencyRepo(sql),
    notifications: new PostgresNotificationRepo(sql),
  };
}
