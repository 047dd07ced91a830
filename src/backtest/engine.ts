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
import type { DecisionRecord } from "../server/rollouts/store.js";
import type { createServices } from "../server/services.js";
import { parseDuration } from "../core/time/duration.js";
import type { History } from "./history.js";
import { prepareReplay, reportOf } from "./setup.js";

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
  /** What was replayed: recorded events, or stored aggregate buckets (then nothing is filtered out). */
  unit: "events" | "buckets";
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
    throw new BacktestError(
      `the history holds no events of program "${policy.program}" (the policy's program); it records ${recorded.size > 0 ? [...recorded].map((p) => `"${p}"`).join(", ") : "no program names"}`,
    );
  }
  const replay = await prepareReplay(
    policy,
    { first: history.events.first, versions: history.events.versions, candidates: history.candidates, rollouts: history.rollouts },
    options.seed,
  );
  const { services, controller, program } = replay;
  let clock = replay.clock.ms;

  const stepMs = Math.max(1_000, options.stepMs ?? parseDuration(policy.rollout.evaluateEvery));
  const end = history.events.last + stepMs;
  // Events in time order, pulled one step at a time (read from the file as they go when streamed).
  const source = history.events.read()[Symbol.asyncIterator]();
  let pending = await source.next();
  let replayed = 0;
  let filtered = 0;
  let batch = 0;
  while (clock <= end) {
    await replay.startDue();
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
    clock = replay.clock.ms = until;
    await controller.tick();
    options.onProgress?.({ at: Math.min(clock, end), from: history.events.first, to: end });
  }
  await source.return?.(undefined);
  if (replayed === 0) {
    throw new BacktestError(
      `0 events replayed: ${filtered} events of "${program}" were recorded, none was served under the policy's split (check the versions and the rollout lines of the history)`,
    );
  }
  return reportOf(policy, replay, history.markers, {
    first: history.events.first,
    last: history.events.last,
    replayed,
    filtered,
    unit: "events",
  });
}

/** Whether an event belongs to what the current plan serves (events without a unit are kept). */
async function servingFilter(
  services: ReturnType<typeof createServices>,
  program: string,
): Promise<(e: { type: string; version?: number | undefined; unitId?: string | undefined }) => boolean> {
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
