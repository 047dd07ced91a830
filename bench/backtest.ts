/**
 * Backtest on stored aggregates at scale: 30 days of 10-second buckets of a program with 200 k users
 * (about 20 requests per user and day: 46 requests/s, champion 80 %, challenger 20 %) replayed with
 * one-minute looks through the controller (a one-step 20 % rollout lasting the whole month, so every
 * look reads its cumulative window, the SLO burn windows and the sample ratio). Limit: 30 s.
 * Baseline in the same run: reading the same buckets from their JSON lines alone (parse + validate,
 * as `arena backtest --aggregates` reads an export) — the replay should cost a small multiple of it.
 *   npm run bench -- backtest [days]
 */
import { DDSketch } from "@datadog/sketches-js";
import { runAggregateBacktest } from "../src/backtest/aggregate-engine.js";
import { parseAggregateLine, type AggregateHistory } from "../src/backtest/aggregates.js";
import { PolicyDocument } from "../src/contracts/policy.js";
import type { StoredBucket } from "../src/contracts/telemetry.js";
import { mulberry32 } from "../src/core/stats/random.js";
import { toSketchData, type QuantileSketchData } from "../src/core/stats/quantile-sketch.js";
import { DAY, TEN_SECONDS } from "../src/core/telemetry/buckets.js";
import { emptyWindow } from "../src/core/telemetry/variant-window.js";
import { SKETCH_ACCURACY } from "../src/core/telemetry/window-builder.js";
import type { BenchResult } from "./result.js";

const LIMIT_S = 30;
const USERS = 200_000;
const REQUESTS_PER_USER_DAY = 20;
const start = Date.parse("2026-10-01T00:00:00Z");

const policy = PolicyDocument.parse({
  program: "ranker",
  metrics: {
    error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
    latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  },
  gates: {
    live: [
      { metric: "error_rate", test: "non_inferiority", margin: 0.005 },
      { metric: "latency_p95", max: 400 },
    ],
    minSamples: 1000,
  },
  rollout: { steps: [{ weight: "20%", duration: "31d", minSamples: 1000 }], evaluateEvery: "1m" },
  slos: [
    {
      name: "availability",
      metric: "error_rate",
      objective: 0.99,
      rules: [
        { long: "1h", short: "5m", burnRate: 14.4, severity: "page" },
        { long: "6h", short: "30m", burnRate: 6, severity: "page" },
      ],
    },
  ],
});

/** A handful of latency sketches per version to draw buckets from (building one per bucket would time the generator). */
function templates(n: number, medianMs: number, seed: number): QuantileSketchData[] {
  const random = mulberry32(seed);
  return Array.from({ length: 16 }, () => {
    const s = new DDSketch({ relativeAccuracy: SKETCH_ACCURACY });
    for (let i = 0; i < n; i++) s.accept(medianMs * Math.exp(0.35 * (random() + random() + random() - 1.5) * 2));
    return toSketchData(s);
  });
}

function* buckets(days: number): Generator<StoredBucket> {
  const random = mulberry32(7);
  // 200 k users × 20 requests a day ≈ 463 requests per 10 s: 372 + 93 keeps the 80/20 split exact.
  const challenger = Math.round((USERS * REQUESTS_PER_USER_DAY * TEN_SECONDS) / DAY / 5);
  const arms = [
    { version: 1, n: 4 * challenger, errorRate: 0.002, sketches: templates(4 * challenger, 120, 1) },
    { version: 2, n: challenger, errorRate: 0.002, sketches: templates(challenger, 118, 2) },
  ];
  for (let t = start; t < start + days * DAY; t += TEN_SECONDS) {
    for (const arm of arms) {
      const w = emptyWindow();
      const sd = Math.sqrt(arm.n * arm.errorRate * (1 - arm.errorRate));
      w.exposures = w.requests = arm.n;
      w.errors = Math.max(0, Math.round(arm.n * arm.errorRate + sd * (random() + random() + random() - 1.5) * 2));
      const sketch = arm.sketches[Math.floor(random() * arm.sketches.length)]!;
      w.latency = { n: arm.n, sum: arm.n * 120, sumSquares: arm.n * 120 * 120 * 1.1, m2: arm.n * 120 * 120 * 0.1, sketch };
      yield { program: "ranker", version: arm.version, segment: "all", width: TEN_SECONDS, start: t, window: w };
    }
  }
}

function history(days: number, read: () => AsyncIterable<StoredBucket>): AggregateHistory {
  return {
    candidates: [],
    rollouts: [],
    markers: [],
    first: start,
    last: start + days * DAY,
    count: days * 8640 * 2,
    programs: ["ranker"],
    versions: [1, 2],
    read,
  };
}

export default async function run(args: string[]): Promise<BenchResult> {
  const days = Number(args[0] ?? 30);
  // Baseline: the same buckets as JSON lines, parsed and validated (as an export file is read).
  const t0 = performance.now();
  let parsed = 0;
  const ignore = { candidates: [], rollouts: [], markers: [] };
  for (const b of buckets(days)) if (parseAggregateLine(JSON.stringify({ type: "bucket", ...b }), 1, ignore)) parsed++;
  const parseS = (performance.now() - t0) / 1000;
  const generateT0 = performance.now();
  for (const b of buckets(days)) void b;
  const generateS = (performance.now() - generateT0) / 1000;

  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const report = await runAggregateBacktest(
    policy,
    history(days, async function* () {
      yield* buckets(days);
    }),
    { stepMs: 60_000 },
  );
  const replayS = (performance.now() - t1) / 1000;
  const used = process.cpuUsage(cpu);
  const replayCpuS = (used.user + used.system) / 1e6;
  const looks = Math.round((days * DAY) / 60_000);
  console.error(
    `replayed ${report.eventsReplayed} buckets (${days} d × 2 versions) with ${looks} looks in ${replayS.toFixed(1)} s (${replayCpuS.toFixed(1)} s of CPU); parsing them alone ${parseS.toFixed(1)} s, generating them ${generateS.toFixed(1)} s; outcome: ${report.rollouts.map((r) => r.status).join(", ")}, ${report.decisions.length} decisions`,
  );
  console.error(
    report.decisions
      .slice(-3)
      .map((d) => `${d.at} ${d.action} ${d.summary}`)
      .join("\n"),
  );
  return {
    bench: "backtest",
    value: Number(replayS.toFixed(2)),
    unit: "s",
    baseline: {
      limitS: LIMIT_S,
      parseAndValidateS: Number(parseS.toFixed(2)),
      generateS: Number(generateS.toFixed(2)),
      buckets: parsed,
      looks,
      users: USERS,
      days,
    },
    ratio: Number((replayS / LIMIT_S).toFixed(3)),
    replayOverParse: Number((replayS / parseS).toFixed(2)),
    // On a shared machine the wall time includes waiting for a core: the CPU time is the replay's own cost.
    replayCpuS: Number(replayCpuS.toFixed(2)),
    rollouts: report.rollouts.map((r) => r.status),
  };
}
