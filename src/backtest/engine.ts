/**
 * Backtest: replays recorded telemetry through the very same services,
 * statistics and controller as the server, on an in-memory store and a
 * simulated clock. Each event passes through the rollout's traffic plan (the
 * real assignment function): a unit's event is kept only if the plan in force
 * would have served it that version, so shares and sample ratios are the
 * policy's, not the recording's.
 */
import { compilePlan, assignCompiled } from "../core/assignment/assign.js";
import type { PolicyDocument } from "../contracts/policy.js";
import { SYSTEM_ACTOR, type Actor } from "../server/context.js";
import { Controller } from "../server/rollouts/controller.js";
import type { DecisionRecord } from "../server/rollouts/store.js";
import { createServices } from "../server/services.js";
import { MemoryStore } from "../server/store/memory-store.js";
import { parseDuration } from "../core/time/duration.js";
import type { History } from "./history.js";

const ACTOR: Actor = { ...SYSTEM_ACTOR, name: "backtest" };

export interface BacktestOptions {
  /** Simulated time between controller looks (default: the policy's evaluateEvery, at least 1 s). */
  stepMs?: number;
  /** Assignment seed of the replayed program (default: fixed, so runs repeat). */
  seed?: string;
  /** Called after each simulated step with the simulated time reached and the recording's span (epoch ms). */
  onProgress?: (progress: { at: number; from: number; to: number }) => void;
}

export interface RolloutOutcome {
  id: string;
  startedAt: string;
  challengers: number[];
  status: string;
  endedAt: string | null;
  /** Seconds from start to the end (or to the end of the history when still running). */
  seconds: number;
}

export interface BacktestReport {
  program: string;
  from: string;
  to: string;
  eventsReplayed: number;
  eventsFilteredOut: number;
  rollouts: RolloutOutcome[];
  promoted: number;
  rolledBack: number;
  aborted: number;
  stillRunning: number;
  /** Rollbacks with no regression marker before them in their rollout. */
  falseRollbacks: number;
  /** For each regression marker: seconds until the rollback (null: never detected). */
  detections: Array<{ label: string; at: string; secondsToRollback: number | null }>;
  decisions: DecisionRecord[];
}

/** A backtest that cannot say anything: nothing of the policy's program in the history, or nothing replayed. */
export class BacktestError extends Error {}

export async function runBacktest(policy: PolicyDocument, history: History, options: BacktestOptions = {}): Promise<BacktestReport> {
  // A recording of another program replays 0 events and would report "regression NOT detected": refuse instead.
  const recorded = new Set(history.events.programs);
  if (!recorded.has(policy.program)) {
    throw new BacktestError(`the history holds no events of program "${policy.program}" (the policy's program); it records ${recorded.size > 0 ? [...recorded].map((p) => `"${p}"`).join(", ") : "no program names"}`);
  }
  let clock = history.events.first;
  const store = new MemoryStore();
  const ctx = { store, now: () => new Date(clock), servingChanged: () => undefined };
  const services = createServices(ctx);
  const controller = new Controller(ctx, services.telemetryQuery);
  const program = policy.program;

  // Versions are registered before the policy, so its registry gate cannot renumber them.
  // A fixed seed makes a backtest repeatable: the same units land in the same arms every run.
  await services.programs.create({ name: program, description: "backtest", owners: [], seed: options.seed ?? `${program}.backtest` }, ACTOR);
  const versions = new Set<number>([...history.events.versions, ...history.candidates.map((c) => c.version), ...history.rollouts.flatMap((r) => r.challengers)]);
  const maxVersion = Math.max(...versions);
  for (let v = 1; v <= maxVersion; v++) {
    const line = history.candidates.find((c) => c.version === v);
    await services.candidates.register(program, { description: "", artifactUri: `backtest://${program}/${v}`, provenance: { codeCommit: null, lockfileHash: null, dataFingerprint: null }, metrics: line?.metrics ?? {}, checks: (line?.checks ?? []).map((c) => ({ ...c, url: null, details: null })), tags: ["backtest"] }, ACTOR);
  }
  await services.policies.apply(policy, ACTOR);
  const champion = Math.min(...versions);
  await services.aliases.move({ program, alias: "champion", version: champion, reason: "backtest: initial champion" }, ACTOR);
  const plans = history.rollouts.length > 0 ? [...history.rollouts] : [{ at: clock, challengers: [...versions].filter((v) => v !== champion).sort((a, b) => a - b) }];

  const stepMs = Math.max(1_000, options.stepMs ?? parseDuration(policy.rollout.evaluateEvery));
  const end = history.events.last + stepMs;
  // Events in time order, pulled one step at a time (read from the file as they go when streamed).
  const source = history.events.read()[Symbol.asyncIterator]();
  let pending = await source.next();
  let replayed = 0;
  let filtered = 0;
  let batch = 0;
  while (clock <= end) {
    while (plans[0] && plans[0].at <= clock && !(await services.rollouts.current(program))) {
      const p = plans.shift()!;
      try {
        await services.rollouts.start(program, p.challengers, ACTOR);
      } catch {
        // A refused start (pre-production gate) is recorded as a decision; nothing to run.
      }
    }
    const until = clock + stepMs;
    const serving = await servingFilter(services, program);
    const events: unknown[] = [];
    while (!pending.done && pending.value.at < until) {
      const e = pending.value;
      pending = await source.next();
      if (serving(e)) events.push({ ...e.raw, at: e.at });
      else filtered++;
    }
    if (events.length > 0) {
      const result = await services.telemetry.ingest(`backtest-${batch++}`, events);
      replayed += result.accepted;
    }
    clock = until;
    await controller.tick();
    options.onProgress?.({ at: Math.min(clock, end), from: history.events.first, to: end });
  }
  await source.return?.(undefined);
  if (replayed === 0) {
    throw new BacktestError(`0 events replayed: ${filtered} events of "${program}" were recorded, none was served under the policy's split (check the versions and the rollout lines of the history)`);
  }
  return report(policy, history, await services.rollouts.list(program), await services.rollouts.decisions({ program, after: 0, limit: 1_000_000 }), replayed, filtered, clock);
}

/** Whether an event belongs to what the current plan serves (events without a unit are kept). */
async function servingFilter(services: ReturnType<typeof createServices>, program: string): Promise<(e: { type: string; version?: number | undefined; unitId?: string | undefined }) => boolean> {
  const plan = await services.traffic.get(program);
  const aliases = new Map((await services.aliases.list(program)).map((a) => [a.alias, a.version]));
  const compiled = compilePlan(plan);
  return (e) => {
    if (e.type === "label" || e.version === undefined || e.unitId === undefined) return true;
    const a = assignCompiled(compiled, e.unitId);
    if (aliases.get(a.alias) === e.version) return true;
    return a.shadow.some((alias) => aliases.get(alias) === e.version);
  };
}

function report(policy: PolicyDocument, history: History, rollouts: Awaited<ReturnType<ReturnType<typeof createServices>["rollouts"]["list"]>>, decisions: DecisionRecord[], replayed: number, filtered: number, endMs: number): BacktestReport {
  const outcomes = rollouts
    .map((r) => ({ id: r.id, startedAt: r.startedAt, challengers: r.challengers.map((c) => c.version), status: r.status, endedAt: r.endedAt, seconds: ((r.endedAt ? Date.parse(r.endedAt) : endMs) - Date.parse(r.startedAt)) / 1000 }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const rollbacks = decisions.filter((d) => d.action === "rollback");
  const falseRollbacks = rollbacks.filter((d) => {
    const r = rollouts.find((x) => x.id === d.rolloutId);
    const started = r ? Date.parse(r.startedAt) : 0;
    return !history.markers.some((m) => m.label === "regression" && m.at >= started - 60_000 && m.at <= Date.parse(d.at));
  }).length;
  const detections = history.markers
    .filter((m) => m.label === "regression")
    .map((m) => {
      const hit = rollbacks.find((d) => Date.parse(d.at) >= m.at);
      return { label: m.label, at: new Date(m.at).toISOString(), secondsToRollback: hit ? (Date.parse(hit.at) - m.at) / 1000 : null };
    });
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  return {
    program: policy.program,
    from: new Date(history.events.first).toISOString(),
    to: new Date(history.events.last).toISOString(),
    eventsReplayed: replayed,
    eventsFilteredOut: filtered,
    rollouts: outcomes,
    promoted: count("promoted"),
    rolledBack: count("rolled_back"),
    aborted: count("aborted"),
    stillRunning: outcomes.length - count("promoted") - count("rolled_back") - count("aborted"),
    falseRollbacks,
    detections,
    decisions,
  };
}
