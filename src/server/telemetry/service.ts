import type { ServiceContext } from "../context.js";
import type { Repos } from "../store/store.js";
import { BatchAggregate, type ProgramContext } from "./batch-aggregate.js";
import { GroupCommitter } from "./group-commit.js";
import type { TelemetryEvent } from "./events.js";
import { EventProblem, validateEvent } from "./validate-event.js";

export interface RejectedEvent {
  index: number;
  path: string;
  message: string;
}
export interface IngestResult {
  batchId: string;
  duplicate: boolean;
  accepted: number;
  rejected: RejectedEvent[];
}

/** How long a prediction waits for its label (and a label for its prediction). */
export const DEFAULT_LABEL_TTL_MS = 7 * 86_400_000;
const CONTEXT_TTL_MS = 2_000;

/**
 * Telemetry ingest. Every event is validated on its own: valid events are
 * aggregated and committed, invalid ones are returned by index and field
 * (never silently dropped, never dragging their neighbours down). A batch id
 * is applied once: a retried batch is acknowledged as a duplicate and counts nothing.
 * The answer is sent only after the unit of work committed (durable).
 */
export class TelemetryService {
  private contexts: { at: number; byProgram: Map<string, ProgramContext> } | null = null;
  private readonly committer: GroupCommitter;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly limits: { eventFutureSkewMs: number } = { eventFutureSkewMs: 5 * 60_000 },
  ) {
    this.committer = new GroupCommitter(ctx.store);
  }

  /**
   * Segment specs and unit tracking per program, cached briefly (they change rarely).
   * A program missing from the cache forces a reload, so a program created a moment ago is known.
   */
  async programContexts(mustKnow: Iterable<string> = []): Promise<Map<string, ProgramContext>> {
    const now = Date.now();
    if (this.contexts && now - this.contexts.at < CONTEXT_TTL_MS) {
      const cached = this.contexts.byProgram;
      let complete = true;
      for (const name of mustKnow) if (!cached.has(name)) complete = false;
      if (complete) return cached;
    }
    const byProgram = await this.ctx.store.tx(async (r) => {
      const out = new Map<string, ProgramContext>();
      for (const p of await r.programs.list()) {
        const metrics = await r.metrics.list(p.name);
        out.set(p.name, { segments: await r.metrics.segments(p.name), trackUnits: metrics.some((m) => m.aggregation === "unit") });
      }
      return out;
    });
    this.contexts = { at: now, byProgram };
    return byProgram;
  }

  invalidateContexts(): void {
    this.contexts = null;
  }

  async ingest(batchId: string, events: readonly unknown[]): Promise<IngestResult> {
    const named = new Set<string>();
    for (const e of events) {
      const program = (e as { program?: unknown } | null)?.program;
      if (typeof program === "string") named.add(program);
    }
    const contexts = await this.programContexts(named);
    const known = new Set(contexts.keys());
    const aggregate = new BatchAggregate(contexts);
    const rejected: RejectedEvent[] = [];
    const latestAt = this.ctx.now().getTime() + this.limits.eventFutureSkewMs;
    for (let i = 0; i < events.length; i++) {
      const result = validateEvent(events[i], known, latestAt);
      if (result instanceof EventProblem)
        rejected.push({ index: i, path: result.path ? `events.${i}.${result.path}` : `events.${i}`, message: result.message });
      else aggregate.add(result);
    }
    const accepted = events.length - rejected.length;
    const fresh = await this.committer.commit(async (repos) => {
      if (!(await repos.batches.claim(batchId, this.ctx.now().toISOString(), accepted, 0))) return false;
      await writeAggregate(repos, aggregate);
      return true;
    });
    return fresh ? { batchId, duplicate: false, accepted, rejected } : { batchId, duplicate: true, accepted: 0, rejected: [] };
  }

  /**
   * Ingests already-validated events inside the caller's unit of work (used by exposure ingest).
   * `contexts` must come from {@link programContexts}, read before the unit of work began.
   */
  async ingestValidIn(repos: Repos, events: readonly TelemetryEvent[], contexts: ReadonlyMap<string, ProgramContext>): Promise<void> {
    const aggregate = new BatchAggregate(contexts);
    for (const e of events) aggregate.add(e);
    await writeAggregate(repos, aggregate);
  }

  /** Predictions that never got a label within the TTL count as "unlabelled"; labels without predictions are dropped. */
  async expirePending(ttlMs = DEFAULT_LABEL_TTL_MS): Promise<number> {
    const contexts = await this.programContexts();
    return this.ctx.store.tx(async (repos) => {
      const expired = await repos.telemetry.expirePending(this.ctx.now().getTime() - ttlMs);
      const aggregate = new BatchAggregate(contexts);
      for (const p of expired) for (const s of p.segments) aggregate.builder(p.program, p.version, s, p.at).unlabelled++;
      await repos.telemetry.addWindows(aggregate.windowRows());
      return expired.length;
    });
  }
}

/**
 * Joins predictions with labels (either may come first) and writes windows and unit totals.
 * The joins go to a fresh aggregate, never into `aggregate`: a unit of work may run again
 * (a serialization retry, a group commit falling back to one batch) and must not count twice.
 */
async function writeAggregate(repos: Repos, aggregate: BatchAggregate): Promise<void> {
  const joined = aggregate.emptyLike();
  for (const { event: p, segments } of aggregate.predictions) {
    const label = await repos.telemetry.getLabel(p.program, p.predictionId);
    if (label) for (const s of segments) joined.builder(p.program, p.version, s, p.at).labelled(p.predicted, label.actual);
    else
      await repos.telemetry.putPrediction({
        program: p.program,
        predictionId: p.predictionId,
        version: p.version,
        segments,
        predicted: p.predicted,
        at: p.at,
      });
  }
  for (const l of aggregate.labels) {
    // One label for every version's prediction with its id (champion and shadows share it): it joins those
    // parked now and stays parked until the label TTL for those still to come.
    for (const p of await repos.telemetry.takePredictions(l.program, l.predictionId))
      for (const s of p.segments) joined.builder(p.program, p.version, s, p.at).labelled(p.predicted, l.actual);
    await repos.telemetry.putLabel({ program: l.program, predictionId: l.predictionId, actual: l.actual, at: l.at });
  }
  await repos.telemetry.addWindows([...aggregate.windowRows(), ...joined.windowRows()]);
  await repos.telemetry.addUnits(aggregate.unitRows());
}
