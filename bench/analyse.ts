/**
 * `npm run bench -- analyse`: time to analyse 1,000 rollouts × 10 metrics × 3
 * variants (champion + 2 challengers) from stored aggregates — what the
 * controller does on every tick. Target: < 100 ms for the whole batch.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  analyse,
  binomialDraw,
  chiSquareDraw,
  mulberry32,
  normalDraw,
  sketchFromValues,
  type AnalysisInput,
  type MetricDefinition,
  type MetricStats,
  type QuantileSketchData,
  type Random,
} from "../src/core/stats/index.js";
import type { BenchResult } from "./result.js";

const METRICS: MetricDefinition[] = [
  { id: "conversion", kind: "proportion", direction: "higher", sequential: { tuning: 30000 } },
  { id: "errors", kind: "proportion", direction: "lower", test: { type: "non_inferiority", margin: 0.002 } },
  { id: "revenue", kind: "mean", direction: "higher", difference: "relative", sequential: true },
  { id: "session_length", kind: "mean", direction: "higher" },
  { id: "items_per_order", kind: "mean", direction: "higher", test: { type: "superiority", minEffect: 0.05 } },
  { id: "cost_per_request", kind: "ratio", direction: "lower", difference: "relative", test: { type: "non_inferiority", margin: 0.05 } },
  { id: "revenue_per_click", kind: "ratio", direction: "higher", sequential: true },
  { id: "latency_p95", kind: "quantile", quantile: 0.95, direction: "lower", test: { type: "non_inferiority", margin: 10 } },
  { id: "fraud_f1", kind: "classifier", classifierMetric: "f1", direction: "higher" },
  { id: "score_drift", kind: "drift", direction: "lower", maxPsi: 0.2 },
];

/** A pool of sketches, built once: building sketches is telemetry's job, not the analysis'. */
function sketchPool(r: Random, size: number): QuantileSketchData[] {
  return Array.from({ length: size }, () => sketchFromValues(Array.from({ length: 3000 }, () => Math.exp(4.7 + 0.4 * normalDraw(r)))));
}

function meanStats(r: Random, n: number, mu: number, sigma: number): MetricStats {
  const sum = n * mu + Math.sqrt(n) * sigma * normalDraw(r);
  return { n, sum, sumSquares: sigma * sigma * chiSquareDraw(r, n - 1) + (sum * sum) / n };
}

function variantStats(r: Random, n: number, sketches: QuantileSketchData[]): Record<string, MetricStats> {
  const requests = n * 3;
  const costMean = 0.002 * requests;
  return {
    conversion: { n, successes: binomialDraw(r, n, 0.1) },
    errors: { n, successes: binomialDraw(r, n, 0.004) },
    revenue: meanStats(r, n, 3, 12),
    session_length: meanStats(r, n, 300, 120),
    items_per_order: meanStats(r, n, 2.5, 1.5),
    cost_per_request: {
      n,
      numeratorSum: costMean,
      numeratorSumSquares: (costMean * costMean) / n + n * 1e-6,
      denominatorSum: requests,
      denominatorSumSquares: requests * 12,
      crossSum: costMean * 3.2,
    },
    revenue_per_click: {
      n,
      numeratorSum: n * 3,
      numeratorSumSquares: n * 160,
      denominatorSum: n * 1.5,
      denominatorSumSquares: n * 4,
      crossSum: n * 7,
    },
    latency_p95: sketches[Math.floor(r() * sketches.length)] ?? {
      relativeAccuracy: 0.01,
      zeroCount: 0,
      positive: { offset: 0, counts: [] },
    },
    fraud_f1: { tp: binomialDraw(r, 300, 0.7), fp: binomialDraw(r, n, 0.01), tn: n - 300, fn: 90 },
    score_drift: { counts: [0.1, 0.2, 0.3, 0.25, 0.15].map((p) => binomialDraw(r, n, p)) },
  };
}

export function buildRollouts(count: number, seed = 1): AnalysisInput[] {
  const r = mulberry32(seed);
  const sketches = sketchPool(r, 24);
  return Array.from({ length: count }, () => {
    const n = 2000 + Math.floor(r() * 50000);
    return {
      champion: "champion",
      metrics: METRICS,
      variants: ["champion", "challenger-1", "challenger-2"].map((id, i) => {
        const size = i === 0 ? 2 * n : n;
        return { id, weight: i === 0 ? 0.5 : 0.25, exposures: size, metrics: variantStats(r, size, sketches) };
      }),
    };
  });
}

export interface AnalysisTiming {
  /** Median wall time of one full pass. */
  medianMs: number;
  /** Fastest pass: the least disturbed by other work on a shared machine. */
  minMs: number;
  /** Median CPU time (user + system) of this process per pass. */
  medianCpuMs: number;
  comparisons: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Times `runs` full passes over the rollouts, after two warm-up passes. */
export function timeAnalyses(rollouts: readonly AnalysisInput[], runs = 9): AnalysisTiming {
  let comparisons = 0;
  for (const input of rollouts) comparisons += analyse(input).comparisons.length;
  for (const input of rollouts) analyse(input);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const input of rollouts) analyse(input);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { medianMs: median(wall), minMs: Math.min(...wall), medianCpuMs: median(cpu), comparisons };
}

export default async function run(): Promise<BenchResult> {
  const rollouts = buildRollouts(1000);
  const { medianMs, minMs, medianCpuMs, comparisons } = timeAnalyses(rollouts);
  return {
    bench: "analyse",
    value: Number(medianMs.toFixed(2)),
    unit: "ms (median wall time) to analyse 1,000 rollouts × 10 metrics × 3 variants",
    baseline: { targetMs: 100, comparisons },
    ratio: Number((medianMs / 100).toFixed(3)),
    minMs: Number(minMs.toFixed(2)),
    medianCpuMs: Number(medianCpuMs.toFixed(2)),
    perComparisonMicroseconds: Number(((medianMs * 1000) / comparisons).toFixed(2)),
    loadAverage1m: Number(loadavg()[0]?.toFixed(2) ?? NaN),
  };
}
