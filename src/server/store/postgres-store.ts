import { PostgresDatabase, type PostgresStoreOptions } from "../persist/postgres-database.js";
import type { PgSql } from "../persist/postgres-sql.js";
import { originOf } from "./derived-repos.js";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.js";
import { sqlRepos } from "./sql-repos.js";
import type { Repos, Store, TxOptions } from "./store.js";

export type { PostgresStoreOptions } from "../persist/postgres-database.js";

/** The store for several replicas: every slice's SQL repository over one PostgreSQL schema (see persist/postgres-database.ts). */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  readonly schema: string;
  readonly channel: string;

  private constructor(private readonly database: PostgresDatabase) {
    this.schema = database.schema;
    this.channel = database.channel;
  }

  /** Connects, applies missing migrations (race-safe across replicas) and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    return new PostgresStore(await PostgresDatabase.open(options, POSTGRES_MIGRATIONS));
  }

  tx<T>(fn: (repos: Repos) => Promise<T>, options: TxOptions = {}): Promise<T> {
    return this.database.tx((sql) => {
      const repos = sqlRepos(sql);
      connections.set(repos, sql);
      return fn(repos);
    }, options.lock);
  }
  ping(): Promise<void> {
    return this.database.ping();
  }
  close(): Promise<void> {
    return this.database.close();
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
