import Database from "better-sqlite3";
import { Mutex } from "./mutex.js";
import { SqliteSql } from "./sqlite-sql.js";
import type { SqlDatabase } from "./sql.js";

/**
 * Embedded SQLite (WAL, synchronous=FULL so an acknowledged write survives power loss).
 * One connection; units of work are serialised by a mutex and wrapped in BEGIN IMMEDIATE … COMMIT.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly db: Database.Database;
  readonly sql: SqliteSql;
  private readonly mutex = new Mutex();

  /** Opens (creating if needed) the database at `path` and applies the missing `migrations`, in order. */
  constructor(path: string, migrations: readonly string[]) {
    const db = (this.db = new Database(path));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db, migrations);
    this.sql = new SqliteSql(db);
  }

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (sql: SqliteSql) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(this.sql);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  async ping(): Promise<void> {
    this.db.prepare("SELECT 1").get();
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }
}

function migrate(db: Database.Database, migrations: readonly string[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(db.prepare<[], number>("SELECT version FROM schema_migrations").pluck().all());
  migrations.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
    })();
  });
}
