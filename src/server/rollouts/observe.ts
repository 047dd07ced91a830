/**
 * The controller's eyes: everything `reconcile` needs about one rollout,
 * read from stored telemetry and judged by the policy engine. Reads only.
 */
import { formatValue } from "../../core/policy/format.js";
import type { Condition, PolicyDocument } from "../../contracts/policy.js";
import { describeResult } from "../../core/policy/describe.js";
import { evaluateLiveGate } from "../../core/policy/live-gate.js";
import { liveSrm } from "../../core/policy/live-srm.js";
import type { LiveReadings } from "../../core/policy/live-types.js";
import type { ConditionResult, GateSummary } from "../../core/policy/types.js";
import type { ChallengerObservation, GateJudgement, Observation } from "../../core/rollout/observation.js";
import { activeChallengers, type Rollout } from "../../core/rollout/types.js";
import type { MetricReading } from "../../core/telemetry/metric-stats.js";
import { ALL, allSegmentKeys } from "../../core/telemetry/segments.js";
import { parseDuration } from "../../core/time/duration.js";
import { freezeOf } from "../freeze/service.js";
import type { ServiceContext } from "../context.js";
import type { MetricsReport, TelemetryQuery } from "../telemetry/query.js";
import { defaultSequentialTuning } from "../../core/stats/sequential.js";
import { bandit } from "./bandit.js";
import { sloBurn } from "./slo-burn.js";
import { srmArmsOf } from "./srm-window.js";
import { promotionWindowOf } from "./window.js";

type Readings = Record<number, Record<string, MetricReading>>;

function readingsOf(report: MetricsReport): Readings {
  const out: Readings = {};
  for (const v of report.variants) out[v.version] = v.metrics;
  return out;
}

/** Units per version: exposures, or (shadow calls record no exposure) the most observations any metric has. */
function samplesOf(report: MetricsReport, version: number): number {
  const v = report.variants.find((x) => x.version === version);
  if (!v) return 0;
  const ns = Object.values(v.metrics).map((m) => (m.status === "ok" ? m.n : 0));
  return Math.max(v.exposures, ...ns, 0);
}

function judgement(summary: GateSummary | undefined, results: ConditionResult[]): GateJudgement {
  if (!summary) return { outcome: "hold", results, summary: "not evaluated" };
  const outcome = summary.outcome === "invalid" ? "hold" : summary.outcome;
  // Failures and passes are told with their numbers ("error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI …)").
  // An unmet success criterion is told with its numbers too ("click_through +0.2 pts …, needs ≥ +0.7 pts").
  const pending = [...summary.unmet, ...summary.waiting.filter((r) => r.verdict === "inconclusive" && r.metric !== undefined && r.estimate !== undefined)];
  const told = outcome === "fail" ? summary.failed : outcome === "pass" ? results.filter((r) => r.required && r.metric !== undefined && (r.segment ?? ALL) === ALL) : pending;
  const prefix = outcome === "hold" && summary.unmet.length > 0 ? "success criteria not met: " : "";
  const text = told.length > 0 ? prefix + told.slice(0, 3).map((r) => describeResult(r)).join(", ") : summary.reason;
  return { outcome, results, summary: text };
}

export async function observe(ctx: ServiceContext, query: TelemetryQuery, r: Rollout, policy: PolicyDocument): Promise<Observation> {
  const now = ctx.now();
  const { freezes, championNow, traffic } = await ctx.store.tx(async (repos) => ({
    freezes: await repos.freezes.list(),
    championNow: (await repos.aliases.get(r.program, "champion"))?.version ?? null,
    traffic: await repos.traffic.get(r.program),
  }));
  const gates = policy.gates;
  const metricDefs = Object.fromEntries(Object.entries(policy.metrics).map(([name, m]) => [name, { ...m }]));
  const segments = [ALL, ...allSegmentKeys({ dimensions: policy.segments }).filter((s) => s !== ALL)];
  const base: Observation = {
    now,
    championSamples: 0,
    championNow,
    srm: { valid: true, summary: "" },
    challengers: [],
    freeze: freezeOf(freezes, r.program),
    promotionWindow: promotionWindowOf(policy, now),
    burnIn: null,
    burnInBurn: null,
  };

  if (r.status === "burn_in" && r.promoted !== null) {
    const promotedAt = new Date(Date.parse(r.burnInUntil!) - (r.plan.burnInMs ?? 0));
    const before = await query.report(r.program, new Date(r.startedAt), promotedAt, ALL, [r.champion], { overlap: true });
    // Only buckets that start at or after the promotion: the bucket around it holds the promoted version's
    // canary data, and a burn-in judged on that would pass with no post-promotion telemetry at all (e.g. when
    // the server was down for the whole burn-in window). Up to 10 s of post-promotion data is the price.
    const after = await query.report(r.program, promotedAt, now, ALL, [r.promoted]);
    const conditions: Condition[] = gates.burnIn?.conditions ?? [];
    const recentMs = gates.recentWindow ? parseDuration(gates.recentWindow) : null;
    const recentAfter = recentMs !== null ? await query.report(r.program, new Date(Math.max(promotedAt.getTime(), now.getTime() - recentMs)), now, ALL, [r.promoted]) : null;
    const input = {
      champion: r.champion,
      challengers: [r.promoted],
      metrics: metricDefs,
      readings: { [ALL]: { ...readingsOf(before), ...readingsOf(after) } } as LiveReadings,
      exposures: { [r.champion]: samplesOf(before, r.champion), [r.promoted]: samplesOf(after, r.promoted) },
      weights: {},
      alpha: gates.alpha,
      minSamples: gates.minSamples,
      sequential: { tuning: sequentialTuningOf(gates, r), ...(gates.sequentialBoundary ? { boundary: gates.sequentialBoundary } : {}) },
      gate: "burn_in" as const,
      ...(recentAfter ? { recent: { readings: { [ALL]: { ...readingsOf(before), ...readingsOf(recentAfter) } } as LiveReadings, label: `last ${gates.recentWindow}` } } : {}),
    };
    const evaluation = evaluateLiveGate(conditions, input);
    base.burnIn = judgement(evaluation.summaries[r.promoted], evaluation.byChallenger[r.promoted] ?? []);
    base.burnInBurn = await sloBurn(query, r.program, r.promoted, policy, now);
    return base;
  }

  const since = new Date(r.startedAt);
  const active = activeChallengers(r).map((c) => c.version);
  const versions = [r.champion, ...active];
  const readings: Record<string, Readings> = {};
  let overall: MetricsReport | null = null;
  for (const segment of segments) {
    const report = await query.report(r.program, since, now, segment, versions, { overlap: true });
    readings[segment] = readingsOf(report);
    if (segment === ALL) overall = report;
  }
  // SRM compares exposures with the shares in force (they change between steps, when a challenger is rolled
  // back and when a bandit reweights), over whole buckets since that change only (srm-window.ts).
  const srmArms = await srmArmsOf(query, r, traffic, now);
  const weights: Record<number, number> = Object.fromEntries(srmArms.map((a) => [a.version, a.expectedShare]));
  const exposures: Record<number, number> = Object.fromEntries(srmArms.map((a) => [a.version, a.exposures]));
  const sampleCounts: Record<number, number> = {};
  for (const v of versions) sampleCounts[v] = samplesOf(overall!, v);
  // Minimum samples count everything since the start; the sample ratio only the current step (its shares).
  const recent = gates.recentWindow ? await query.report(r.program, new Date(Math.max(since.getTime(), now.getTime() - parseDuration(gates.recentWindow))), now, ALL, versions, { overlap: true }) : null;
  const evaluation = evaluateLiveGate(gates.live, {
    champion: r.champion,
    challengers: active,
    metrics: metricDefs,
    readings: readings as LiveReadings,
    exposures: sampleCounts,
    weights: {},
    alpha: gates.alpha,
    minSamples: gates.minSamples,
    sequential: { tuning: sequentialTuningOf(gates, r), ...(gates.sequentialBoundary ? { boundary: gates.sequentialBoundary } : {}) },
    ...(recent ? { recent: { readings: { [ALL]: readingsOf(recent) } as LiveReadings, label: `last ${gates.recentWindow}` } } : {}),
  });
  const served = Object.keys(weights).map(Number).filter((v) => v !== r.champion);
  const srm = liveSrm({ champion: r.champion, challengers: served, metrics: {}, readings: {}, exposures, weights });
  base.championSamples = sampleCounts[r.champion] ?? 0;
  base.srm = { valid: srm.valid, summary: srm.reason };
  const probabilities = r.plan.mode === "bandit" && r.plan.primary ? bandit(r, policy, readings[ALL] ?? {}) : null;
  const observed: ChallengerObservation[] = [];
  for (const v of active) {
    const results = evaluation.byChallenger[v] ?? [];
    const primary = r.plan.primary ? results.find((x) => x.metric === r.plan.primary && (x.segment ?? ALL) === ALL && x.estimate !== undefined) : undefined;
    const direction = r.plan.primary ? policy.metrics[r.plan.primary]?.direction : undefined;
    observed.push({
      version: v,
      samples: sampleCounts[v] ?? 0,
      live: judgement(evaluation.summaries[v], results),
      burn: withEvidence(await sloBurn(query, r.program, v, policy, now), policy, results, readings[ALL] ?? {}, r.champion, v),
      primaryImprovement: primary?.estimate !== undefined && direction ? (direction === "higher" ? primary.estimate : -primary.estimate) : null,
      probabilityBest: probabilities?.get(v) ?? null,
    });
  }
  base.challengers = observed;
  return base;
}

/** A burn-rate breach told with the SLO metric's values, e.g. "error_rate 4.8 % vs 1.0 % (…), availability burn rate 48× …". */
function withEvidence(
  burn: { severity: "page" | "ticket" | "none" | "no_data"; summary: string },
  policy: PolicyDocument,
  results: ConditionResult[],
  readings: Readings,
  champion: number,
  version: number,
) {
  if (burn.severity !== "page" && burn.severity !== "ticket") return burn;
  const metrics = new Set(policy.slos.map((x) => x.metric));
  const evidence = results.find((r) => r.metric !== undefined && metrics.has(r.metric) && (r.segment ?? ALL) === ALL && r.value !== undefined);
  if (evidence) return { ...burn, summary: `${describeResult(evidence)}, ${burn.summary}` };
  for (const metric of metrics) {
    const mine = readings[version]?.[metric];
    const theirs = readings[champion]?.[metric];
    if (mine?.status === "ok" && theirs?.status === "ok" && mine.value !== null && theirs.value !== null) {
      const unit = policy.metrics[metric]?.unit;
      const show = (x: number) => formatValue(x, unit); // "4.22 %", "183 ms": as every other summary
      return { ...burn, summary: `${metric} ${show(mine.value)} vs ${show(theirs.value)} (n = ${mine.n} vs ${theirs.n}), ${burn.summary}` };
    }
  }
  return burn;
}

/** N* of the live and burn-in tests: the policy's, else derived from the plan's step sizes. */
function sequentialTuningOf(gates: PolicyDocument["gates"], r: Rollout): number {
  return gates.sequentialTuning ?? defaultSequentialTuning(r.plan.steps.map((s) => s.minSamples), gates.minSamples);
}
