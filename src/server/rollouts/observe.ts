/**
 * The controller's eyes: read → evaluate. Reads the program's state and the
 * windows the core's {@link readsFor} asks for (through the telemetry query's
 * metric sources), then hands them to the pure {@link evaluateRollout}. Reads only;
 * the controller writes what the evaluation's next step says.
 */
import type { PolicyDocument } from "../../contracts/policy.js";
import {
  evaluateRollout,
  readsFor,
  type RolloutEvaluation,
  type RolloutReadings,
  type RolloutState,
  type WindowReadings,
} from "../../core/rollout/evaluate.js";
import type { Observation } from "../../core/rollout/observation.js";
import type { Rollout } from "../../core/rollout/types.js";
import { freezeOf } from "../freeze/service.js";
import type { ServiceContext } from "../context.js";
import type { MetricsReport, TelemetryQuery } from "../telemetry/query.js";

function windowOf(report: MetricsReport): WindowReadings {
  return Object.fromEntries(report.variants.map((v) => [v.version, { exposures: v.exposures, metrics: v.metrics }]));
}

/** Everything an evaluation of `r` needs, read now. */
export async function readRollout(
  ctx: Pick<ServiceContext, "store" | "now">,
  query: TelemetryQuery,
  r: Rollout,
  policy: PolicyDocument,
): Promise<RolloutReadings> {
  const now = ctx.now();
  const state: RolloutState = await ctx.store.tx(async (repos) => ({
    now,
    freeze: freezeOf(await repos.freezes.list(), r.program),
    championNow: (await repos.aliases.get(r.program, "champion"))?.version ?? null,
    traffic: await repos.traffic.get(r.program),
  }));
  const windows: Record<string, WindowReadings> = {};
  for (const w of readsFor(policy, r, state)) {
    windows[w.key] = windowOf(
      await query.report(r.program, new Date(w.from), new Date(w.to), w.segment, [...w.versions], { overlap: w.overlap }),
    );
  }
  return { ...state, windows };
}

/** read → evaluate: the one judgement of a rollout the controller, the dashboard and backtests share. */
export async function evaluateNow(
  ctx: Pick<ServiceContext, "store" | "now">,
  query: TelemetryQuery,
  r: Rollout,
  policy: PolicyDocument,
): Promise<RolloutEvaluation> {
  return evaluateRollout(policy, r, await readRollout(ctx, query, r, policy));
}

/** The observation alone (what `reconcile` decides from). */
export async function observe(
  ctx: Pick<ServiceContext, "store" | "now">,
  query: TelemetryQuery,
  r: Rollout,
  policy: PolicyDocument,
): Promise<Observation> {
  return (await evaluateNow(ctx, query, r, policy)).observation;
}
