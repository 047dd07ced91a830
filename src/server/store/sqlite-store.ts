import Database from "better-sqlite3";
import { SqliteAliasRepo } from "../aliases/store-sqlite.js";
import { SqliteAuditRepo } from "../audit/store-sqlite.js";
import { SqliteCandidateRepo } from "../candidates/store-sqlite.js";
import { SqliteExposureRepo } from "../exposures/store-sqlite.js";
import { SqliteFreezeRepo } from "../freeze/store-sqlite.js";
import { SqliteIdempotencyRepo } from "../idempotency/store-sqlite.js";
import { SqliteMetricRepo } from "../metrics/store-sqlite.js";
import { SqliteNotificationRepo } from "../notifications/store-sqlite.js";
import { SqlitePolicyRepo } from "../policies/store-sqlite.js";
import { SqliteProgramRepo } from "../programs/store-sqlite.js";
import { SqliteDecisionRepo, SqliteRolloutRepo } from "../rollouts/store-sqlite.js";
import { SqliteServingRepo } from "../serving/store-sqlite.js";
import { SqliteTelemetryRepo } from "../telemetry/store-sqlite.js";
import { SqliteTokenRepo } from "../tokens/store-sqlite.js";
import { SqlitePrincipalRepo } from "../principals/store-sqlite.js";
import { SqliteChangeRepo } from "../changes/store-sqlite.js";
import { SqliteSealRepo } from "../seals/store-sqlite.js";
import { SqliteTrafficRepo } from "../traffic/store-sqlite.js";
import { Mutex } from "./mutex.js";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.js";
import type { Repos, Store, TxOptions } from "./store.js";

/**
 * Embedded SQLite store (WAL, synchronous=FULL so an acknowledged write survives power loss).
 * One connection; units of work are serialised by a mutex and wrapped in BEGIN IMMEDIATE … COMMIT.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly repos: Repos;
  private readonly mutex = new Mutex();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    migrate(this.db);
    this.repos = {
      programs: new SqliteProgramRepo(this.db),
      candidates: new SqliteCandidateRepo(this.db),
      aliases: new SqliteAliasRepo(this.db),
      traffic: new SqliteTrafficRepo(this.db),
      audit: new SqliteAuditRepo(this.db),
      tokens: new SqliteTokenRepo(this.db),
      principals: new SqlitePrincipalRepo(this.db),
      changes: new SqliteChangeRepo(this.db),
      seals: new SqliteSealRepo(this.db),
      serving: new SqliteServingRepo(this.db),
      exposures: new SqliteExposureRepo(this.db),
      metrics: new SqliteMetricRepo(this.db),
      telemetry: new SqliteTelemetryRepo(this.db),
      rollouts: new SqliteRolloutRepo(this.db),
      decisions: new SqliteDecisionRepo(this.db),
      policies: new SqlitePolicyRepo(this.db),
      freezes: new SqliteFreezeRepo(this.db),
      idempotency: new SqliteIdempotencyRepo(this.db),
      notifications: new SqliteNotificationRepo(this.db),
    };
  }

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (repos: Repos) => Promise<T>, _options?: TxOptions): Promise<T> {
    return this.mutex.run(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(this.repos);
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

  /** Raw handle for tests that must tamper with stored rows as an attacker would. */
  unsafeDatabase(): Database.Database {
    return this.db;
  }
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(db.prepare<[], { version: number }>("SELECT version FROM schema_migrations").all().map((r) => r.version));
  SQLITE_MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
    })();
  });
}
