import { MemoryAliasRepo } from "../aliases/store-memory.js";
import { MemoryAuditRepo } from "../audit/store-memory.js";
import { MemoryIngestBatchRepo } from "../batches/store-memory.js";
import { MemoryCandidateRepo } from "../candidates/store-memory.js";
import { MemoryChangeRepo } from "../changes/store-memory.js";
import { MemoryExposureRepo } from "../exposures/store-memory.js";
import { MemoryFreezeRepo } from "../freeze/store-memory.js";
import { MemoryIdempotencyRepo } from "../idempotency/store-memory.js";
import { MemoryMetricRepo } from "../metrics/store-memory.js";
import { MemoryNotificationRepo } from "../notifications/store-memory.js";
import { Mutex } from "../persist/mutex.js";
import { UndoJournal } from "../persist/undo-journal.js";
import { MemoryPolicyRepo } from "../policies/store-memory.js";
import { MemoryPrincipalRepo } from "../principals/store-memory.js";
import { MemoryProgramRepo } from "../programs/store-memory.js";
import { MemoryDecisionRepo, MemoryRolloutRepo } from "../rollouts/store-memory.js";
import { MemorySealRepo } from "../seals/store-memory.js";
import { MemoryServingRepo } from "../serving/store-memory.js";
import { MemoryTelemetryRepo } from "../telemetry/store-memory.js";
import { MemoryTokenRepo } from "../tokens/store-memory.js";
import { MemoryTrafficRepo } from "../traffic/store-memory.js";
import type { Repos, Store, TxOptions } from "./store.js";

/** In-memory store for service tests and backtests: same contract, nothing durable; a unit of work that throws is undone by one journal. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly journal = new UndoJournal();
  private readonly mutex = new Mutex();
  readonly repos = {
    programs: new MemoryProgramRepo(this.journal),
    candidates: new MemoryCandidateRepo(this.journal),
    aliases: new MemoryAliasRepo(this.journal),
    traffic: new MemoryTrafficRepo(this.journal),
    audit: new MemoryAuditRepo(this.journal),
    tokens: new MemoryTokenRepo(this.journal),
    principals: new MemoryPrincipalRepo(this.journal),
    changes: new MemoryChangeRepo(this.journal),
    seals: new MemorySealRepo(this.journal),
    serving: new MemoryServingRepo(this.journal),
    batches: new MemoryIngestBatchRepo(this.journal),
    exposures: new MemoryExposureRepo(this.journal),
    metrics: new MemoryMetricRepo(this.journal),
    telemetry: new MemoryTelemetryRepo(this.journal),
    rollouts: new MemoryRolloutRepo(this.journal),
    decisions: new MemoryDecisionRepo(this.journal),
    policies: new MemoryPolicyRepo(this.journal),
    freezes: new MemoryFreezeRepo(this.journal),
    idempotency: new MemoryIdempotencyRepo(this.journal),
    notifications: new MemoryNotificationRepo(this.journal),
  } satisfies Repos;

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (repos: Repos) => Promise<T>, _options?: TxOptions): Promise<T> {
    return this.mutex.run(async () => {
      const saved = this.journal.save();
      try {
        return await fn(this.repos);
      } catch (error) {
        this.journal.restore(saved);
        throw error;
      }
    });
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
