import { PostgresDatabase, type PostgresStoreOptions } from "../persist/postgres-database.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { SqlStore } from "./sql-store.js";

export type { PostgresStoreOptions } from "../persist/postgres-database.js";

/** The store for several replicas: every slice's SQL repository over one PostgreSQL schema (see persist/postgres-database.ts). */
export class PostgresStore extends SqlStore {
  readonly schema: string;
  readonly channel: string;

  private constructor(database: PostgresDatabase) {
    super("postgres", database);
    this.schema = database.schema;
    this.channel = database.channel;
  }

  /** Connects, applies missing migrations (race-safe across replicas) and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    return new PostgresStore(await PostgresDatabase.open(options, POSTGRES_MIGRATIONS));
  }
}
