/**
 * `npm run bench -- decisions [--rollouts N] [--seed S]`: decision quality of
 * the engine as the rollout controller will use it — `analyse` after every
 * batch, always-valid (sequential) test, until a verdict or the horizon.
 *
 * For each metric kind (proportion, mean) it simulates A/A rollouts (no
 * effect) and A/B rollouts (the challenger better by exactly the MDE for which
 * the fixed-horizon test has 80 % power at n = fixedHorizonN per arm). Batches
 * are drawn from the sampling distribution of their sufficient statistics:
 * successes ~ Binomial(b, p); Σx ~ N(bμ, bσ²) and Σ(x − x̄)² ~ σ²χ²_{b−1}.
 * Every rollout is analysed twice per look on the same data: the sequential
 * test, and a fixed-horizon test peeked at the same cadence (the naive baseline).
 *
 * value  = A/A false-decision rate of the sequential test (pass or fail at any look)
 * ratio  = median per-arm samples to a correct decision ÷ fixedHorizonN
 *          (rollouts without a correct decision count as never deciding)
 */
import {
  analyse,
  binomialDraw,
  chiSquareDraw,
  meanSampleSize,
  mulberry32,
  normalDraw,
  proportionSampleSize,
  type AnalysisInput,
  type MetricDefinition,
  type MetricStats,
  type Random,
} from "../src/core/stats/index.js";
import { buildRollouts, timeAnalyses } from "./analyse.js";
import type { BenchResult } from "./result.js";

const ALPHA = 0.05;
/**
 * Looks per fixed horizon: the controller analyses after every batch of N/50
 * units per arm (`--looks` changes it; docs/benchmarks.md shows 10 and 20).
 */
let LOOKS_PER_HORIZON = 50;
/** The rollout stops undecided at 3 × the fixed-horizon sample size. */
const HORIZON_MULTIPLE = 3;

interface Scenario {
  kind: "proportion" | "mean";
  /** Fixed-horizon n per arm for 80 % power at `effect`. */
  fixedN: number;
  effect: number;
  /** Draws one batch of b units with the given absolute effect: the sufficient statistics to add. */
  draw: (r: Random, b: number, effect: number) => number[];
  stats: (acc: number[]) => MetricStats;
}

const P0 = 0.1;
const P_EFFECT = 0.01;
const MU = 5;
const SIGMA = 2;
const M_EFFECT = 0.2;

const scenarios: Scenario[] = [
  {
    kind: "proportion",
    fixedN: proportionSampleSize({ baseline: P0, effect: P_EFFECT, alpha: ALPHA, power: 0.8 }).n,
    effect: P_EFFECT,
    draw: (r, b, effect) => [b, binomialDraw(r, b, P0 + effect)],
    stats: ([n = 0, successes = 0]) => ({ n, successes }),
  },
  {
    kind: "mean",
    fixedN: meanSampleSize(SIGMA, M_EFFECT, ALPHA, 0.8).n,
    effect: M_EFFECT,
    draw: (r, b, effect) => {
      const mu = MU + effect;
      const sum = b * mu + Math.sqrt(b) * SIGMA * normalDraw(r);
      return [b, sum, SIGMA * SIGMA * chiSquareDraw(r, b - 1) + (sum * sum) / b];
    },
    stats: ([n = 0, sum = 0, sumSquares = 0]) => ({ n, sum, sumSquares }),
  },
];

interface RolloutOutcome {
  /** Per-arm n at the first pass/fail of the sequential test, and which it was. */
  sequential?: { n: number; verdict: "pass" | "fail" };
  naive?: { n: number; verdict: "pass" | "fail" };
  /** Verdict of the fixed-horizon test at exactly n = fixedN (one look). */
  fixedAtN?: string;
  sequentialPassByFixedN: boolean;
}

/** One rollout; `effectMultiple` scales the MDE (0 = A/A). */
function simulate(s: Scenario, r: Random, effectMultiple: number, tuning: number): RolloutOutcome {
  const batch = Math.ceil(s.fixedN / LOOKS_PER_HORIZON);
  const metrics: MetricDefinition[] = [
    { id: "seq", kind: s.kind, direction: "higher", alpha: ALPHA, sequential: { tuning } },
    { id: "fixed", kind: s.kind, direction: "higher", alpha: ALPHA },
  ];
  const champion = [0, 0, 0];
  const challenger = [0, 0, 0];
  const out: RolloutOutcome = { sequentialPassByFixedN: false };
  for (let look = 1; look <= LOOKS_PER_HORIZON * HORIZON_MULTIPLE; look++) {
    s.draw(r, batch, 0).forEach((v, i) => (champion[i] = (champion[i] ?? 0) + v));
    s.draw(r, batch, effectMultiple * s.effect).forEach((v, i) => (challenger[i] = (challenger[i] ?? 0) + v));
    const a = s.stats(champion);
    const b = s.stats(challenger);
    const input: AnalysisInput = {
      champion: "A",
      correction: "none",
      metrics,
      variants: [
        { id: "A", weight: 0.5, exposures: look * batch, metrics: { seq: a, fixed: a } },
        { id: "B", weight: 0.5, exposures: look * batch, metrics: { seq: b, fixed: b } },
      ],
    };
    const [seq, fixed] = analyse(input).comparisons;
    const n = look * batch;
    if (!out.sequential && (seq?.verdict === "pass" || seq?.verdict === "fail")) out.sequential = { n, verdict: seq.verdict };
    if (!out.naive && (fixed?.verdict === "pass" || fixed?.verdict === "fail")) out.naive = { n, verdict: fixed.verdict };
    if (look === LOOKS_PER_HORIZON) {
      out.fixedAtN = fixed?.verdict;
      out.sequentialPassByFixedN = out.sequential?.verdict === "pass";
    }
    if (out.sequential && out.naive && look >= LOOKS_PER_HORIZON) break;
  }
  return out;
}

function median(values: number[]): number {
  const v = [...values].sort((x, y) => x - y);
  const m = v.length / 2;
  return v.length % 2 === 1 ? (v[Math.floor(m)] ?? NaN) : ((v[m - 1] ?? NaN) + (v[m] ?? NaN)) / 2;
}

const finiteOr = (x: number, label: string): number | string => (Number.isFinite(x) ? x : label);
const rate = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;
const round = (x: number, d = 4): number => Number(x.toFixed(d));

interface ScenarioReport {
  fixedHorizonN: number;
  aaFalseDecisionSequential: number;
  aaFalseDecisionNaivePeeking: number;
  aaFalsePositiveFixedSingleLook: number;
  abPowerSequentialWithinHorizon: number;
  abPowerSequentialByFixedN: number;
  abPowerFixedAtN: number;
  abWrongDirection: number;
  /** Per-arm samples to a correct decision ÷ fixedHorizonN, one per A/B rollout (Infinity = never). */
  normalisedSamples: number[];
}

function runScenario(s: Scenario, rollouts: number, seed: number, tuningMultiple: number, effectMultiple = 1): ScenarioReport {
  const r = mulberry32(seed);
  const tuning = tuningMultiple * 2 * s.fixedN;
  const aa = Array.from({ length: rollouts }, () => simulate(s, r, 0, tuning));
  const ab = Array.from({ length: rollouts }, () => simulate(s, r, effectMultiple, tuning));
  return {
    fixedHorizonN: s.fixedN,
    aaFalseDecisionSequential: rate(aa.map((o) => o.sequential !== undefined)),
    aaFalseDecisionNaivePeeking: rate(aa.map((o) => o.naive !== undefined)),
    aaFalsePositiveFixedSingleLook: rate(aa.map((o) => o.fixedAtN === "pass" || o.fixedAtN === "fail")),
    abPowerSequentialWithinHorizon: rate(ab.map((o) => o.sequential?.verdict === "pass")),
    abPowerSequentialByFixedN: rate(ab.map((o) => o.sequentialPassByFixedN)),
    abPowerFixedAtN: rate(ab.map((o) => o.fixedAtN === "pass")),
    abWrongDirection: rate(ab.map((o) => o.sequential?.verdict === "fail")),
    normalisedSamples: ab.map((o) => (o.sequential?.verdict === "pass" ? o.sequential.n / s.fixedN : Infinity)),
  };
}

function argValue(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

/** N* = TUNING_MULTIPLE × (2 × fixedHorizonN): the sequence is tightest at twice the fixed horizon's total. */
const TUNING_MULTIPLE = 1;

export default async function run(args: string[]): Promise<BenchResult> {
  const rollouts = argValue(args, "--rollouts", 2000);
  const seed = argValue(args, "--seed", 20261122);
  const t0 = Date.now();
  const tuningMultiple = argValue(args, "--tuning", TUNING_MULTIPLE);
  LOOKS_PER_HORIZON = argValue(args, "--looks", LOOKS_PER_HORIZON);
  const reports = scenarios.map((s, i) => runScenario(s, rollouts, seed + i, tuningMultiple));
  const simulationSeconds = (Date.now() - t0) / 1000;
  // A smaller sweep of the tuning parameter documents the trade-off (median speed vs power).
  const sweep = [0.125, 0.25, 0.5, 1, 2, 4].map((m) => {
    const rs = scenarios.map((s, i) => runScenario(s, Math.max(200, Math.floor(rollouts / 2)), seed + 100 + i, m));
    return {
      tuningTimesTotalFixedN: m,
      medianSamplesRatio: round(median(rs.flatMap((x) => x.normalisedSamples)), 3),
      powerByFixedN: round(median(rs.map((x) => x.abPowerSequentialByFixedN)), 3),
      powerWithinHorizon: round(median(rs.map((x) => x.abPowerSequentialWithinHorizon)), 3),
      aaFalseDecision: round(rs.reduce((s, x) => s + x.aaFalseDecisionSequential, 0) / rs.length, 4),
    };
  });
  // Larger true effects than the MDE: where always-valid monitoring pays off.
  const effectSweep = [0.5, 1.5, 2].map((e) => {
    const rs = scenarios.map((s, i) => runScenario(s, Math.max(200, Math.floor(rollouts / 4)), seed + 200 + i, tuningMultiple, e));
    return {
      effectTimesMde: e,
      medianSamplesRatio: finiteOr(round(median(rs.flatMap((x) => x.normalisedSamples)), 3), `> ${HORIZON_MULTIPLE} (undecided)`),
      powerWithinHorizon: round(rs.reduce((s, x) => s + x.abPowerSequentialWithinHorizon, 0) / rs.length, 3),
    };
  });
  const analyseTiming = timeAnalyses(buildRollouts(1000));
  const pooled = <K extends keyof ScenarioReport>(k: K): number =>
    reports.reduce((s, x) => s + (x[k] as number), 0) / reports.length;
  const ratio = median(reports.flatMap((x) => x.normalisedSamples));
  const proportion = reports[0];
  const mean = reports[1];
  return {
    bench: "decisions",
    value: round(pooled("aaFalseDecisionSequential")),
    unit: "A/A false-decision rate, sequential test, analysed after every batch (target ≤ 0.05)",
    baseline: {
      naivePeeking: round(pooled("aaFalseDecisionNaivePeeking")),
      fixedHorizonN: proportion?.fixedHorizonN ?? 0,
      fixedHorizonNMean: mean?.fixedHorizonN ?? 0,
      /** Achieved power of the fixed-horizon test at fixedHorizonN in this simulation (design: 0.80). */
      power: round(pooled("abPowerFixedAtN")),
      sequentialPowerByFixedHorizonN: round(pooled("abPowerSequentialByFixedN")),
      sequentialPowerWithinHorizon: round(pooled("abPowerSequentialWithinHorizon")),
    },
    ratio: round(ratio, 3),
    rolloutsPerKind: { aa: rollouts, ab: rollouts },
    perMetric: Object.fromEntries(
      reports.map((x, i) => {
        const { normalisedSamples, ...rest } = x;
        return [scenarios[i]?.kind ?? String(i), { ...rest, medianSamplesRatio: round(median(normalisedSamples), 3) }];
      }),
    ),
    design: {
      alpha: ALPHA,
      looksPerFixedHorizon: LOOKS_PER_HORIZON,
      horizon: `${HORIZON_MULTIPLE} × fixedHorizonN`,
      tuning: `N* = ${tuningMultiple} × 2 × fixedHorizonN (total units)`,
      effects: `proportion ${P0} → ${P0 + P_EFFECT}; mean ${MU} → ${MU + M_EFFECT} (σ = ${SIGMA}); both = the 80 %-power MDE`,
    },
    tuningSweep: sweep,
    effectSweep,
    analyseMs: round(analyseTiming.medianMs, 2),
    analyseMinMs: round(analyseTiming.minMs, 2),
    analyseCpuMs: round(analyseTiming.medianCpuMs, 2),
    analyseComparisons: analyseTiming.comparisons,
    simulationSeconds: round(simulationSeconds, 1),
  };
}
