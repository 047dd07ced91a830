import { SqlAliasRepo } from "../aliases/store-sql.js";
import { SqlAuditRepo } from "../audit/store-sql.js";
import { SqlIngestBatchRepo } from "../batches/store-sql.js";
import { SqlCandidateRepo } from "../candidates/store-sql.js";
import { SqlChangeRepo } from "../changes/store-sql.js";
import { SqlExposureRepo } from "../exposures/store-sql.js";
import { SqlFreezeRepo } from "../freeze/store-sql.js";
import { SqlIdempotencyRepo } from "../idempotency/store-sql.js";
import { SqlMetricRepo } from "../metrics/store-sql.js";
import { SqlNotificationRepo } from "../notifications/store-sql.js";
import type { Sql, SqlDatabase } from "../persist/sql.js";
import { SqlPolicyRepo } from "../policies/store-sql.js";
import { SqlPrincipalRepo } from "../principals/store-sql.js";
import { SqlProgramRepo } from "../programs/store-sql.js";
import { SqlDecisionRepo, SqlRolloutRepo } from "../rollouts/store-sql.js";
import { SqlSealRepo } from "../seals/store-sql.js";
import { SqlServingRepo } from "../serving/store-sql.js";
import { SqlTelemetryRepo } from "../telemetry/store-sql.js";
import { SqlTokenRepo } from "../tokens/store-sql.js";
import { SqlTrafficRepo } from "../traffic/store-sql.js";
import { originOf } from "./derived-repos.js";
import type { Repos, Store, TxOptions } from "./store.js";

/** Every slice's SQL repository, bound to one unit of work's statements, whatever the dialect. */
export function sqlRepos(sql: Sql): Repos {
  return {
    programs: new SqlProgramRepo(sql),
    candidates: new SqlCandidateRepo(sql),
    aliases: new SqlAliasRepo(sql),
    traffic: new SqlTrafficRepo(sql),
    audit: new SqlAuditRepo(sql),
    tokens: new SqlTokenRepo(sql),
    principals: new SqlPrincipalRepo(sql),
    changes: new SqlChangeRepo(sql),
    seals: new SqlSealRepo(sql),
    serving: new SqlServingRepo(sql),
    batches: new SqlIngestBatchRepo(sql),
    exposures: new SqlExposureRepo(sql),
    metrics: new SqlMetricRepo(sql),
    telemetry: new SqlTelemetryRepo(sql),
    rollouts: new SqlRolloutRepo(sql),
    decisions: new SqlDecisionRepo(sql),
    policies: new SqlPolicyRepo(sql),
    freezes: new SqlFreezeRepo(sql),
    idempotency: new SqlIdempotencyRepo(sql),
    notifications: new SqlNotificationRepo(sql),
  };
}

/** The store over any SQL backend: each unit of work gets every slice's repository bound to its statements. */
export class SqlStore implements Store {
  constructor(
    readonly kind: "sqlite" | "postgres",
    private readonly database: SqlDatabase,
  ) {}

  tx<T>(fn: (repos: Repos) => Promise<T>, options: TxOptions = {}): Promise<T> {
    return this.database.tx((sql) => {
      const repos = sqlRepos(sql);
      units.set(repos, sql);
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

// Which statements a set of repositories is bound to, for checks that are not a repository (the leader's fencing token).
const units = new WeakMap<Repos, Sql>();

/**
 * The statements of the unit of work `repos` belongs to (repos derived from them included, see
 * derived-repos.ts), or null when `repos` did not come from a SqlStore. Lets the leader lease check
 * its fencing token inside the controller's own transaction without a repository every store would need.
 */
export function unitOfWorkSql(repos: Repos): Sql | null {
  return units.get(originOf(repos)) ?? null;
}
