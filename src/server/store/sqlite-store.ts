import type Database from "better-sqlite3";
import { SqliteDatabase } from "../persist/sqlite-database.js";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.js";
import { sqlRepos } from "./sql-repos.js";
import type { Repos, Store, TxOptions } from "./store.js";

/** The embedded store: every slice's SQL repository over one SQLite file (see persist/sqlite-database.ts). */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly database: SqliteDatabase;
  private readonly repos: Repos;

  constructor(path: string) {
    this.database = new SqliteDatabase(path, SQLITE_MIGRATIONS);
    this.repos = sqlRepos(this.database.sql);
  }

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (repos: Repos) => Promise<T>, _options?: TxOptions): Promise<T> {
    return this.database.tx(() => fn(this.repos));
  }
  ping(): Promise<void> {
    return this.database.ping();
  }
  close(): Promise<void> {
    return this.database.close();
  }

  /** Raw handle for tests that must tamper with stored rows as an attacker would. */
  unsafeDatabase(): Database.Database {
    return this.database.db;
  }
}
