/**
 * rollback-slo: PRODUCT.md scenario 2 as written. A service's new build is
 * canaried at 10 % of 200 requests/s; from the start it burns the error budget
 * of a 99.9 % availability SLO at 6× (0.6 % errors against the champion's
 * 0.1 %). The policy's burn-rate rule is the one a user writes for "6× ⇒ rollback
 * within a minute": `{ long: 1m, short: 30s, burnRate: 6, severity: page }` (windows
 * of the minute it has; a 5m/1m rule's long window, once below 6× by chance, stays
 * there for minutes). Measured: seconds from
 * the canary's start to the rollback decision, counting only rollbacks made by
 * the burn-rate rule (a rollback by the error-rate test would not count);
 * and, on A/A streams (the challenger at 1×, as healthy as the champion), the
 * number of false rollbacks. The real services, statistics and controller,
 * replayed by the backtest engine on a simulated clock (a look every 5 s). The rule's noise
 * guard is the policy's (ADR 023): errors since the start past an anytime-valid likelihood ratio at
 * `sequentialAlpha`, or each window significant at `alpha`; `bench/support/burn-guard-sim.ts` runs
 * the same rule on simulated counts for thousands of streams.
 * Baseline: the 60 s the scenario allows.
 */
import { runBacktest } from "../src/backtest/engine.js";
import { parseHistory } from "../src/backtest/history.js";
import { syntheticHistory } from "../src/backtest/synthetic.js";
import { PolicyDocument } from "../src/contracts/policy.js";
import { binomialDraw, mulberry32 } from "../src/core/stats/index.js";
import type { BenchResult } from "./result.js";
import { quantile, round } from "./support/stats.js";

const RPS = 200;
const BUDGET = 0.001;
const LIMIT_S = 60;
const DURATION_MS = 5 * 60_000;

const policyFor = (ruleRate: number, alpha: number, sequentialAlpha: number, evaluateEvery: string) =>
  PolicyDocument.parse({
    program: "checkout-api",
    metrics: {
      error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
      latency_p99: { kind: "quantile", quantile: 0.99, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
    },
    gates: {
      live: [
        { metric: "error_rate", test: "non_inferiority", margin: 0.002 },
        { metric: "latency_p99", test: "non_inferiority", margin: 0.1, relative: true },
      ],
      minSamples: 1000,
    },
    rollout: { steps: [{ weight: "10%", duration: "30m", minSamples: 2000 }], evaluateEvery },
    slos: [
      {
        name: "availability",
        metric: "error_rate",
        objective: 1 - BUDGET,
        rules: [{ long: "1m", short: "30s", burnRate: ruleRate, severity: "page" }],
        alpha,
        sequentialAlpha,
      },
    ],
  });

async function run(policy: PolicyDocument, seed: number, burn: number): Promise<{ byBurnRule: number | null; other: string | null }> {
  const start = Date.parse("2026-10-01T00:00:00Z");
  // Recorded 50/50 at twice the rate: the policy's 10 % split keeps about RPS requests a second.
  const lines = syntheticHistory({
    program: "checkout-api",
    start,
    durationMs: DURATION_MS,
    requestsPerSecond: 2 * RPS,
    challengerShare: 0.5,
    champion: { version: 1, errorRate: BUDGET, latencyMs: 100 },
    challenger: { version: 2, errorRate: burn * BUDGET, latencyMs: 100 },
    seed,
  });
  const report = await runBacktest(policy, parseHistory(lines.join("\n")), { seed: `checkout-api.${seed}` });
  const rollback = report.decisions.find((d) => d.action === "rollback");
  if (!rollback) return { byBurnRule: null, other: null };
  const startedAt = Date.parse(report.rollouts[0]!.startedAt);
  return rollback.summary.includes("burn rate")
    ? { byBurnRule: (Date.parse(rollback.at) - startedAt) / 1000, other: null }
    : { byBurnRule: null, other: rollback.summary };
}

/**
 * The information limit of scenario 2: Wald's SPRT of a 1× against a 6× burn that knows both rates and
 * when the canary starts, on the challenger's stream (RPS × 10 % requests a second, updated every second),
 * at false-alarm level `level` (Ville: at most that fraction of A/A streams ever fires). Over `streams`
 * simulated streams: the fraction rolled back within LIMIT_S at 6×, and the A/A false alarms within 5 min.
 */
function oracleSprt(
  level: number,
  streams: number,
  seed: number,
): { level: number; within60s6x: number; medianS: number; falseAA5min: number } {
  const r = mulberry32(seed);
  const perSecond = Math.round(RPS * 0.1);
  const perError = Math.log(6);
  const perSuccess = Math.log((1 - 6 * BUDGET) / (1 - BUDGET));
  const first = (burn: number): number => {
    let llr = 0;
    for (let s = 1; s <= DURATION_MS / 1000; s++) {
      const e = binomialDraw(r, perSecond, burn * BUDGET);
      llr += e * perError + (perSecond - e) * perSuccess;
      if (llr >= Math.log(1 / level)) return s;
    }
    return Number.POSITIVE_INFINITY;
  };
  const bad = Array.from({ length: streams }, () => first(6)).sort((a, b) => a - b);
  const aa = Array.from({ length: streams }, () => first(1));
  return {
    level,
    within60s6x: round(bad.filter((s) => s <= LIMIT_S).length / streams, 3),
    medianS: bad[Math.floor(streams / 2)] ?? Number.POSITIVE_INFINITY,
    falseAA5min: round(aa.filter(Number.isFinite).length / streams, 4),
  };
}

/**
 * Arguments: [runs = 60] [rule rate = 6] [per-window alpha = 0.001] [sequentialAlpha = 0.01] [evaluateEvery = 5s]
 * (the guard's defaults, ADR 023): a rule below the burn it must catch, or a looser guard, trades A/A
 * safety for speed.
 */
export default async function rollbackSlo(args: string[]): Promise<BenchResult> {
  const runs = Number(args[0] ?? 60);
  const ruleRate = Number(args[1] ?? 6);
  const alpha = Number(args[2] ?? 0.001);
  const sequentialAlpha = Number(args[3] ?? 0.01);
  const evaluateEvery = args[4] ?? "5s";
  const policy = policyFor(ruleRate, alpha, sequentialAlpha, evaluateEvery);
  const seconds: number[] = [];
  let missed = 0;
  let byOtherRule = 0;
  let falseRollbacks = 0;
  for (let i = 0; i < runs; i++) {
    const bad = await run(policy, 2000 + i, 6);
    if (bad.byBurnRule !== null) seconds.push(bad.byBurnRule);
    else if (bad.other) byOtherRule++;
    else missed++;
    const aa = await run(policy, 7000 + i, 1);
    if (aa.byBurnRule !== null || aa.other) falseRollbacks++;
    console.error(
      `run ${i + 1}/${runs}: 6× burn → ${bad.byBurnRule ?? (bad.other ? `other: ${bad.other.slice(0, 80)}` : "missed")} s; A/A ${aa.byBurnRule !== null || aa.other ? "FALSE ROLLBACK" : "ok"}`,
    );
  }
  // Runs that never rolled back count as slower than any that did: the median is over every run.
  const all = [...seconds, ...Array.from({ length: missed + byOtherRule }, () => Number.POSITIVE_INFINITY)].sort((a, b) => a - b);
  const median = round(all.length % 2 === 1 ? all[(all.length - 1) / 2]! : (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2);
  return {
    bench: "rollback-slo",
    value: median,
    unit: "s (median over every run, a miss counting as never; canary start with a 6× budget burn → rollback by the burn-rate rule, simulated clock)",
    baseline: { scenarioLimitS: LIMIT_S, falseRollbacksAA: falseRollbacks, ruleRate, alpha, sequentialAlpha, evaluateEvery },
    ratio: round(median / LIMIT_S, 3),
    runs,
    medianOfDetected: round(quantile(seconds, 0.5)),
    p90OfDetected: round(quantile(seconds, 0.9)),
    /** p90 over every run, a miss counting as never. */
    p90: round(quantile(all, 0.9)),
    max: round(Math.max(...seconds)),
    withinLimit: seconds.filter((s) => s <= LIMIT_S).length,
    missed,
    rolledBackByAnotherCondition: byOtherRule,
    /** What any detector could do on these streams (see oracleSprt): the ceiling on "within 60 s". */
    oracle: [0.05, 0.01, 0.001].map((level, i) => oracleSprt(level, 4000, 31 + i)),
  };
}
