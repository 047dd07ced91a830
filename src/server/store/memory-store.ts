import { MemoryAliasRepo } from "../aliases/store-memory.js";
import { MemoryAuditRepo } from "../audit/store-memory.js";
import { MemoryIngestBatchRepo } from "../batches/store-memory.js";
import { MemoryCandidateRepo } from "../candidates/store-memory.js";
import { MemoryExposureRepo } from "../exposures/store-memory.js";
import { MemoryFreezeRepo } from "../freeze/store-memory.js";
import { MemoryIdempotencyRepo } from "../idempotency/store-memory.js";
import { MemoryMetricRepo } from "../metrics/store-memory.js";
import { MemoryNotificationRepo } from "../notifications/store-memory.js";
import { MemoryPolicyRepo } from "../policies/store-memory.js";
import { MemoryProgramRepo } from "../programs/store-memory.js";
import { MemoryDecisionRepo, MemoryRolloutRepo } from "../rollouts/store-memory.js";
import { MemoryServingRepo } from "../serving/store-memory.js";
import { MemoryTelemetryRepo } from "../telemetry/store-memory.js";
import { MemoryTokenRepo } from "../tokens/store-memory.js";
import { MemoryPrincipalRepo } from "../principals/store-memory.js";
import { MemoryChangeRepo } from "../changes/store-memory.js";
import { MemorySealRepo } from "../seals/store-memory.js";
import { MemoryTrafficRepo } from "../traffic/store-memory.js";
import { Mutex } from "../persist/mutex.js";
import type { Repos, Store, TxOptions } from "./store.js";
import type { Transactional } from "../persist/transactional.js";

/** In-memory store for service tests: same contract, nothing durable. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  readonly repos = {
    programs: new MemoryProgramRepo(),
    candidates: new MemoryCandidateRepo(),
    aliases: new MemoryAliasRepo(),
    traffic: new MemoryTrafficRepo(),
    audit: new MemoryAuditRepo(),
    tokens: new MemoryTokenRepo(),
    principals: new MemoryPrincipalRepo(),
    changes: new MemoryChangeRepo(),
    seals: new MemorySealRepo(),
    serving: new MemoryServingRepo(),
    batches: new MemoryIngestBatchRepo(),
    exposures: new MemoryExposureRepo(),
    metrics: new MemoryMetricRepo(),
    telemetry: new MemoryTelemetryRepo(),
    rollouts: new MemoryRolloutRepo(),
    decisions: new MemoryDecisionRepo(),
    policies: new MemoryPolicyRepo(),
    freezes: new MemoryFreezeRepo(),
    idempotency: new MemoryIdempotencyRepo(),
    notifications: new MemoryNotificationRepo(),
  } satisfies Repos;
  private readonly mutex = new Mutex();

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (repos: Repos) => Promise<T>, _options?: TxOptions): Promise<T> {
    return this.mutex.run(async () => {
      const parts: Transactional[] = Object.values(this.repos);
      const saved = parts.map((p) => p.save());
      try {
        return await fn(this.repos);
      } catch (error) {
        parts.forEach((p, i) => p.restore(saved[i]));
        throw error;
      }
    });
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
