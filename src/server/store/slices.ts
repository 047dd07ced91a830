import { MemoryAliasRepo } from "../aliases/store-memory.js";
import { SqlAliasRepo } from "../aliases/store-sql.js";
import { MemoryAuditRepo } from "../audit/store-memory.js";
import { SqlAuditRepo } from "../audit/store-sql.js";
import { MemoryIngestBatchRepo } from "../batches/store-memory.js";
import { SqlIngestBatchRepo } from "../batches/store-sql.js";
import { MemoryCandidateRepo } from "../candidates/store-memory.js";
import { SqlCandidateRepo } from "../candidates/store-sql.js";
import { MemoryChangeRepo } from "../changes/store-memory.js";
import { SqlChangeRepo } from "../changes/store-sql.js";
import { MemoryExposureRepo } from "../exposures/store-memory.js";
import { SqlExposureRepo } from "../exposures/store-sql.js";
import { MemoryFreezeRepo } from "../freeze/store-memory.js";
import { SqlFreezeRepo } from "../freeze/store-sql.js";
import { MemoryIdempotencyRepo } from "../idempotency/store-memory.js";
import { SqlIdempotencyRepo } from "../idempotency/store-sql.js";
import { MemoryMetricRepo } from "../metrics/store-memory.js";
import { SqlMetricRepo } from "../metrics/store-sql.js";
import { MemoryNotificationRepo } from "../notifications/store-memory.js";
import { SqlNotificationRepo } from "../notifications/store-sql.js";
import type { Sql } from "../persist/sql.js";
import type { UndoJournal } from "../persist/memory-repo.js";
import { MemoryPolicyRepo } from "../policies/store-memory.js";
import { SqlPolicyRepo } from "../policies/store-sql.js";
import { MemoryPrincipalRepo } from "../principals/store-memory.js";
import { SqlPrincipalRepo } from "../principals/store-sql.js";
import { MemoryProgramRepo } from "../programs/store-memory.js";
import { SqlProgramRepo } from "../programs/store-sql.js";
import { MemoryDecisionRepo, MemoryRolloutRepo } from "../rollouts/store-memory.js";
import { SqlDecisionRepo, SqlRolloutRepo } from "../rollouts/store-sql.js";
import { MemorySealRepo } from "../seals/store-memory.js";
import { SqlSealRepo } from "../seals/store-sql.js";
import { MemoryServingRepo } from "../serving/store-memory.js";
import { SqlServingRepo } from "../serving/store-sql.js";
import { MemoryTelemetryRepo } from "../telemetry/store-memory.js";
import { SqlTelemetryRepo } from "../telemetry/store-sql.js";
import { MemoryTokenRepo } from "../tokens/store-memory.js";
import { SqlTokenRepo } from "../tokens/store-sql.js";
import { MemoryTrafficRepo } from "../traffic/store-memory.js";
import { SqlTrafficRepo } from "../traffic/store-sql.js";
import type { Repos } from "./store.js";

/** Each repository of a unit of work and its two implementations: one SQL store (any dialect), one in-memory fake. */
export const SLICES = {
  programs: { sql: SqlProgramRepo, memory: MemoryProgramRepo },
  candidates: { sql: SqlCandidateRepo, memory: MemoryCandidateRepo },
  aliases: { sql: SqlAliasRepo, memory: MemoryAliasRepo },
  traffic: { sql: SqlTrafficRepo, memory: MemoryTrafficRepo },
  audit: { sql: SqlAuditRepo, memory: MemoryAuditRepo },
  tokens: { sql: SqlTokenRepo, memory: MemoryTokenRepo },
  principals: { sql: SqlPrincipalRepo, memory: MemoryPrincipalRepo },
  changes: { sql: SqlChangeRepo, memory: MemoryChangeRepo },
  seals: { sql: SqlSealRepo, memory: MemorySealRepo },
  serving: { sql: SqlServingRepo, memory: MemoryServingRepo },
  batches: { sql: SqlIngestBatchRepo, memory: MemoryIngestBatchRepo },
  exposures: { sql: SqlExposureRepo, memory: MemoryExposureRepo },
  metrics: { sql: SqlMetricRepo, memory: MemoryMetricRepo },
  telemetry: { sql: SqlTelemetryRepo, memory: MemoryTelemetryRepo },
  rollouts: { sql: SqlRolloutRepo, memory: MemoryRolloutRepo },
  decisions: { sql: SqlDecisionRepo, memory: MemoryDecisionRepo },
  policies: { sql: SqlPolicyRepo, memory: MemoryPolicyRepo },
  freezes: { sql: SqlFreezeRepo, memory: MemoryFreezeRepo },
  idempotency: { sql: SqlIdempotencyRepo, memory: MemoryIdempotencyRepo },
  notifications: { sql: SqlNotificationRepo, memory: MemoryNotificationRepo },
} satisfies { [K in keyof Repos]: { sql: new (sql: Sql) => Repos[K]; memory: new (journal: UndoJournal) => Repos[K] } };

type Slices = typeof SLICES;
/** The in-memory repositories with their own types (tests reach their tamper hooks). */
export type MemoryRepos = { [K in keyof Slices]: InstanceType<Slices[K]["memory"]> };

const build = <R>(make: (slice: Slices[keyof Slices]) => unknown): R =>
  Object.fromEntries(Object.entries(SLICES).map(([name, slice]) => [name, make(slice)])) as R;

/** Every slice's SQL repository, bound to one unit of work's statements, whatever the dialect. */
export const sqlRepos = (sql: Sql): Repos => build((slice) => new slice.sql(sql));

/** Every slice's in-memory repository, all undone by one journal. */
export const memoryRepos = (journal: UndoJournal): MemoryRepos => build((slice) => new slice.memory(journal));
