import type Database from "better-sqlite3";
import { SqliteDatabase } from "../persist/sqlite-database.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { SqlStore } from "./sql-store.js";

/** The embedded store: every slice's SQL repository over one SQLite file (see persist/sqlite-database.ts). */
export class SqliteStore extends SqlStore {
  private readonly file: SqliteDatabase;

  constructor(path: string) {
    const database = new SqliteDatabase(path, SQLITE_MIGRATIONS);
    super("sqlite", database);
    this.file = database;
  }

  /** Raw handle for tests that must tamper with stored rows as an attacker would. */
  unsafeDatabase(): Database.Database {
    return this.file.db;
  }
}
