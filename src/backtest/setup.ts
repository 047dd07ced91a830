/**
 * What every backtest shares, whatever it replays (recorded events or stored aggregates): an
 * in-memory Arena on a simulated clock with the policy's program, its versions and the policy
 * applied; the rollouts to start; and the report read back from the decisions.
 */
import type { PolicyDocument } from "../contracts/policy.js";
import { SYSTEM_ACTOR, type Actor, type ServiceContext } from "../server/context.js";
import { Controller } from "../server/rollouts/controller.js";
import type { DecisionRecord } from "../server/rollouts/store.js";
import { createServices } from "../server/services.js";
import { MemoryStore } from "../server/store/memory-store.js";
import type { TelemetryQuery } from "../server/telemetry/query.js";
import type { BacktestReport } from "./engine.js";
import type { CandidateLine, MarkerLine, RolloutLine } from "./history.js";

const ACTOR: Actor = { ...SYSTEM_ACTOR, name: "backtest" };

export interface Replay {
  services: ReturnType<typeof createServices>;
  controller: Controller;
  program: string;
  clock: { ms: number };
  /** Starts the rollouts due by the simulated time when none is running. */
  startDue(): Promise<void>;
}

export interface ReplayInput {
  first: number;
  versions: Iterable<number>;
  candidates: CandidateLine[];
  rollouts: RolloutLine[];
}

export async function prepareReplay(
  policy: PolicyDocument,
  input: ReplayInput,
  seed: string | undefined,
  makeQuery?: (ctx: ServiceContext) => TelemetryQuery,
): Promise<Replay> {
  const clock = { ms: input.first };
  const store = new MemoryStore();
  const ctx: ServiceContext = { store, now: () => new Date(clock.ms), servingChanged: () => undefined };
  const services = createServices(ctx);
  const controller = new Controller(ctx, makeQuery ? makeQuery(ctx) : services.telemetryQuery);
  const program = policy.program;

  // Versions are registered before the policy, so its registry gate cannot renumber them.
  // A fixed seed makes a backtest repeatable: the same units land in the same arms every run.
  await services.programs.create({ name: program, description: "backtest", owners: [], seed: seed ?? `${program}.backtest` }, ACTOR);
  const versions = new Set<number>([
    ...input.versions,
    ...input.candidates.map((c) => c.version),
    ...input.rollouts.flatMap((r) => r.challengers),
  ]);
  const maxVersion = Math.max(...versions);
  for (let v = 1; v <= maxVersion; v++) {
    const line = input.candidates.find((c) => c.version === v);
    await services.candidates.register(
      program,
      {
        description: "",
        artifactUri: `backtest://${program}/${v}`,
        provenance: { codeCommit: null, lockfileHash: null, dataFingerprint: null },
        metrics: line?.metrics ?? {},
        checks: (line?.checks ?? []).map((c) => ({ ...c, url: null, details: null })),
        tags: ["backtest"],
      },
      ACTOR,
    );
  }
  await services.policies.apply(policy, ACTOR);
  const champion = Math.min(...versions);
  await services.aliases.move({ program, alias: "champion", version: champion, reason: "backtest: initial champion" }, ACTOR);
  const plans =
    input.rollouts.length > 0
      ? [...input.rollouts]
      : [{ at: clock.ms, challengers: [...versions].filter((v) => v !== champion).sort((a, b) => a - b) }];
  return {
    services,
    controller,
    program,
    clock,
    startDue: async () => {
      while (plans[0] && plans[0].at <= clock.ms && !(await services.rollouts.current(program))) {
        const p = plans.shift()!;
        try {
          await services.rollouts.start(program, p.challengers, ACTOR);
        } catch {
          // A refused start (pre-production gate) is recorded as a decision; nothing to run.
        }
      }
    },
  };
}

export interface ReplayCounts {
  first: number;
  last: number;
  replayed: number;
  filtered: number;
  unit: BacktestReport["unit"];
}

/** The report of a finished replay: outcomes, false rollbacks, time to detect each marked regression, every decision. */
export async function reportOf(
  policy: PolicyDocument,
  replay: Replay,
  markers: MarkerLine[],
  counts: ReplayCounts,
): Promise<BacktestReport> {
  const { services, program } = replay;
  const endMs = replay.clock.ms;
  const rollouts = await services.rollouts.list(program);
  const decisions: DecisionRecord[] = await services.rollouts.decisions({ program, after: 0, limit: 1_000_000 });
  const outcomes = rollouts
    .map((r) => ({
      id: r.id,
      startedAt: r.startedAt,
      challengers: r.challengers.map((c) => c.version),
      status: r.status,
      endedAt: r.endedAt,
      seconds: ((r.endedAt ? Date.parse(r.endedAt) : endMs) - Date.parse(r.startedAt)) / 1000,
    }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const rollbacks = decisions.filter((d) => d.action === "rollback");
  const falseRollbacks = rollbacks.filter((d) => {
    const r = rollouts.find((x) => x.id === d.rolloutId);
    const started = r ? Date.parse(r.startedAt) : 0;
    return !markers.some((m) => m.label === "regression" && m.at >= started - 60_000 && m.at <= Date.parse(d.at));
  }).length;
  const detections = markers
    .filter((m) => m.label === "regression")
    .map((m) => {
      const hit = rollbacks.find((d) => Date.parse(d.at) >= m.at);
      return { label: m.label, at: new Date(m.at).toISOString(), secondsToRollback: hit ? (Date.parse(hit.at) - m.at) / 1000 : null };
    });
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  return {
    program: policy.program,
    from: new Date(counts.first).toISOString(),
    to: new Date(counts.last).toISOString(),
    unit: counts.unit,
    eventsReplayed: counts.replayed,
    eventsFilteredOut: counts.filtered,
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
