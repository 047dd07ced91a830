import type { AliasRepo } from "../aliases/store.js";
import type { AuditRepo } from "../audit/store.js";
import type { IngestBatchRepo } from "../batches/store.js";
import type { CandidateRepo } from "../candidates/store.js";
import type { ChangeRepo } from "../changes/store.js";
import type { ExposureRepo } from "../exposures/store.js";
import type { FreezeRepo } from "../freeze/store.js";
import type { IdempotencyRepo } from "../idempotency/store.js";
import type { MetricRepo } from "../metrics/store.js";
import type { NotificationRepo } from "../notifications/store.js";
import type { PolicyRepo } from "../policies/store.js";
import type { PrincipalRepo } from "../principals/store.js";
import type { SealRepo } from "../seals/store.js";
import type { ProgramRepo } from "../programs/store.js";
import type { DecisionRepo, RolloutRepo } from "../rollouts/store.js";
import type { ServingRepo } from "../serving/store.js";
import type { TelemetryRepo } from "../telemetry/store.js";
import type { TokenRepo } from "../tokens/store.js";
import type { TrafficRepo } from "../traffic/store.js";

/** Every repository, bound to one unit of work. */
export interface Repos {
  programs: ProgramRepo;
  candidates: CandidateRepo;
  aliases: AliasRepo;
  traffic: TrafficRepo;
  audit: AuditRepo;
  tokens: TokenRepo;
  principals: PrincipalRepo;
  changes: ChangeRepo;
  seals: SealRepo;
  serving: ServingRepo;
  batches: IngestBatchRepo;
  exposures: ExposureRepo;
  metrics: MetricRepo;
  telemetry: TelemetryRepo;
  rollouts: RolloutRepo;
  decisions: DecisionRepo;
  policies: PolicyRepo;
  freezes: FreezeRepo;
  idempotency: IdempotencyRepo;
  notifications: NotificationRepo;
}

/** How a unit of work is isolated from the others. */
export interface TxOptions {
  /**
   * "global" (default): serialised with every other unit of work, on every replica, so a
   * read-check-write (audit head, alias compare-and-set) is atomic.
   * "none": only for commutative writes guarded by their own unique keys (exposure ingest:
   * counter upserts plus a batch-id claim), which must not queue behind everything else.
   * Stores that serialise everything anyway (memory, SQLite) ignore it.
   */
  lock?: "global" | "none";
}

/**
 * A store runs units of work: `tx` commits everything `fn` wrote, or nothing if it throws.
 * Units of work are serialised, so a read-check-write inside one is atomic.
 */
export interface Store {
  readonly kind: "memory" | "sqlite" | "postgres";
  tx<T>(fn: (repos: Repos) => Promise<T>, options?: TxOptions): Promise<T>;
  /** Cheap liveness probe for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
