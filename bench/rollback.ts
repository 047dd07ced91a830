/**
 * rollback: a canary challenger's error rate jumps from 1 % to 5 % at 200 requests/s.
 * Arena: the real services, statistics and controller replayed by the backtest
 * engine on a simulated clock (controller looking every 5 s; telemetry in minute
 * buckets), seconds from the jump to the rollback decision that sends every unit
 * back to @champion. In the same run, on an equivalent canary stream, the
 * threshold rule Argo Rollouts / Flagger users configure: the canary's success
 * rate over the last 60 s checked every 60 s, rollback once 2 checks failed
 * (success rate below 97 %, midway between the healthy 99 % and the broken 95 %).
 * Both also run A/A (no jump) as many times to count false rollbacks. The physical limit on the same
 * canary stream: an oracle SPRT that knows both error rates and when the jump happens.
 */
import { runBacktest } from "../src/backtest/engine.js";
import { parseHistory } from "../src/backtest/history.js";
import { syntheticHistory } from "../src/backtest/synthetic.js";
import { PolicyDocument } from "../src/contracts/policy.js";
import { mulberry32 } from "../src/core/stats/random.js";
import type { BenchResult } from "./result.js";
import { quantile, round } from "./support/stats.js";

const RPS = 200;
const CANARY = 0.1;
const WARMUP_MS = 120_000;
const AFTER_MS = 240_000;
const THRESHOLD = { successMin: 0.97, intervalMs: 60_000, failureLimit: 2 };
const HEALTHY = 0.01;
const BROKEN = 0.05;
const ORACLE = { alpha: 0.05, beta: 0.05 };
/**
 * Page's CUSUM threshold (nats) of the oracle that watches continuously: h = 9 gives ≈ 1 % false alarms
 * per 6-minute A/A stream at these rates (simulated, 300 streams), the false-alarm budget "0 in 30 runs" allows.
 */
const CUSUM_THRESHOLD = 9;

const policyFor = (evaluateEvery: string): PolicyDocument =>
  PolicyDocument.parse({
    program: "checkout-api",
    metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
    gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }], minSamples: 200 },
    // One long canary step: the jump happens while the challenger serves 10 %.
    rollout: { steps: [{ weight: "10%", duration: "1h", minSamples: 200 }], evaluateEvery },
    slos: [
      {
        name: "availability",
        metric: "error_rate",
        objective: 0.99,
        rules: [{ long: "30s", short: "10s", burnRate: 2.5, severity: "page" }],
      },
    ],
  });

let policy = policyFor("5s");

async function arenaRun(seed: number, jump: boolean): Promise<{ rolledBack: boolean; seconds: number | null }> {
  const start = Date.parse("2026-10-01T00:00:00Z");
  const jumpAt = start + WARMUP_MS;
  // Recorded 50/50 at twice the rate: the policy's 10 % split keeps about RPS requests a second.
  const lines = syntheticHistory({
    program: "checkout-api",
    start,
    durationMs: WARMUP_MS + AFTER_MS,
    requestsPerSecond: 2 * RPS,
    challengerShare: 0.5,
    champion: { version: 1, errorRate: 0.01, latencyMs: 100 },
    challenger: { version: 2, errorRate: 0.01, latencyMs: 100 },
    ...(jump ? { regression: { at: jumpAt, errorRate: 0.05 } } : {}),
    seed,
  });
  const report = await runBacktest(policy, parseHistory(lines.join("\n")), { seed: `checkout-api.${seed}` });
  const rollback = report.decisions.find((d) => d.action === "rollback");
  return { rolledBack: Boolean(rollback), seconds: rollback ? (Date.parse(rollback.at) - jumpAt) / 1000 : null };
}

/** The canary's errors second by second (10 % of RPS), error rate 1 % → 5 % at the jump: the stream both baselines read. */
function canaryStream(seed: number, jump: boolean): { perSecond: number; errors: number[] } {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const perSecond = Math.round(RPS * CANARY);
  const seconds = (WARMUP_MS + AFTER_MS) / 1000;
  const errors: number[] = [];
  for (let s = 0; s < seconds; s++) {
    const rate = jump && s >= WARMUP_MS / 1000 ? BROKEN : HEALTHY;
    let e = 0;
    for (let i = 0; i < perSecond; i++) if (random() < rate) e++;
    errors.push(e);
  }
  return { perSecond, errors };
}

/** The threshold rule on the canary stream, second by second. */
function thresholdRun(seed: number, jump: boolean): { rolledBack: boolean; seconds: number | null } {
  const { perSecond, errors } = canaryStream(seed, jump);
  let failures = 0;
  for (let s = 0; s < errors.length; s++) {
    if ((s + 1) % (THRESHOLD.intervalMs / 1000) === 0) {
      const window = errors.slice(s + 1 - THRESHOLD.intervalMs / 1000, s + 1);
      const total = window.length * perSecond;
      const success = 1 - window.reduce((a, b) => a + b, 0) / total;
      if (success < THRESHOLD.successMin) failures++;
      if (failures >= THRESHOLD.failureLimit) return { rolledBack: true, seconds: s + 1 - WARMUP_MS / 1000 };
    }
  }
  return { rolledBack: false, seconds: null };
}

/**
 * The physical limit: Wald's SPRT of p = 1 % against p = 5 % that knows both rates and the moment of the
 * jump (it starts there), on the same canary stream; α = β = 0.05 like Arena's α. One SPRT: accepting H₀
 * ends it (restarting after each acceptance would raise false rollbacks in about half of the A/A runs).
 */
function oracleSprtRun(seed: number, jump: boolean): { rolledBack: boolean; seconds: number | null } {
  const { perSecond, errors } = canaryStream(seed, jump);
  const upper = Math.log((1 - ORACLE.beta) / ORACLE.alpha);
  const lower = Math.log(ORACLE.beta / (1 - ORACLE.alpha));
  const perError = Math.log(BROKEN / HEALTHY);
  const perSuccess = Math.log((1 - BROKEN) / (1 - HEALTHY));
  let llr = 0;
  for (let s = WARMUP_MS / 1000; s < errors.length; s++) {
    const e = errors[s] ?? 0;
    llr += e * perError + (perSecond - e) * perSuccess;
    if (llr >= upper) return { rolledBack: true, seconds: s + 1 - WARMUP_MS / 1000 };
    if (llr <= lower) return { rolledBack: false, seconds: null };
  }
  return { rolledBack: false, seconds: null };
}

/**
 * The physical limit for a detector that, like Arena, must watch the whole stream without knowing when
 * (or whether) the rate changes: Page's CUSUM of p = 1 % against p = 5 % with both rates known, updated
 * every second — the detector with the least worst-case delay for a given false-alarm rate (Lorden 1971,
 * Moustakides 1986). Starts with the stream, so healthy minutes before the jump count as for Arena.
 */
function oracleCusumRun(seed: number, jump: boolean): { rolledBack: boolean; seconds: number | null } {
  const { perSecond, errors } = canaryStream(seed, jump);
  const perError = Math.log(BROKEN / HEALTHY);
  const perSuccess = Math.log((1 - BROKEN) / (1 - HEALTHY));
  let w = 0;
  for (let s = 0; s < errors.length; s++) {
    const e = errors[s] ?? 0;
    w = Math.max(0, w + e * perError + (perSecond - e) * perSuccess);
    if (w >= CUSUM_THRESHOLD) return { rolledBack: true, seconds: s + 1 - WARMUP_MS / 1000 };
  }
  return { rolledBack: false, seconds: null };
}

export default async function rollback(args: string[]): Promise<BenchResult> {
  const runs = Number(args[0] ?? 15);
  // [evaluateEvery = 5s]: the controller's look interval (the telemetry bucket stays 10 s).
  policy = policyFor(args[1] ?? "5s");
  const arena: number[] = [];
  const threshold: number[] = [];
  let arenaMissed = 0;
  let thresholdMissed = 0;
  let arenaFalse = 0;
  let thresholdFalse = 0;
  const oracle: number[] = [];
  let oracleFalse = 0;
  const cusum: number[] = [];
  let cusumFalse = 0;
  for (let i = 0; i < runs; i++) {
    const a = await arenaRun(1000 + i, true);
    if (a.seconds !== null && a.seconds >= 0) arena.push(a.seconds);
    else if (a.rolledBack) arenaFalse++;
    else arenaMissed++;
    const t = thresholdRun(1000 + i, true);
    if (t.seconds !== null && t.seconds >= 0) threshold.push(t.seconds);
    else if (t.rolledBack) thresholdFalse++;
    else thresholdMissed++;
    const o = oracleSprtRun(1000 + i, true);
    if (o.seconds !== null) oracle.push(o.seconds);
    if (oracleSprtRun(5000 + i, false).rolledBack) oracleFalse++;
    const c = oracleCusumRun(1000 + i, true);
    if (c.seconds !== null && c.seconds >= 0) cusum.push(c.seconds);
    else if (c.rolledBack) cusumFalse++;
    if (oracleCusumRun(5000 + i, false).rolledBack) cusumFalse++;
    if ((await arenaRun(5000 + i, false)).rolledBack) arenaFalse++;
    if (thresholdRun(5000 + i, false).rolledBack) thresholdFalse++;
    console.error(`run ${i + 1}/${runs}: arena ${a.seconds ?? "-"} s, threshold ${t.seconds ?? "-"} s`);
  }
  const value = round(quantile(arena, 0.5));
  const thresholdMedian = round(quantile(threshold, 0.5));
  const oracleMedian = round(quantile(oracle, 0.5));
  const cusumMedian = round(quantile(cusum, 0.5));
  return {
    bench: "rollback",
    value,
    unit: "s (median, error jump → rollback decision, simulated clock)",
    baseline: {
      thresholdRule: thresholdMedian,
      oracleSprt: oracleMedian,
      arenaFalseRollbacksAA: arenaFalse,
      thresholdFalseRollbacksAA: thresholdFalse,
      oracleSprtFalseRollbacksAA: oracleFalse,
      oracleCusum: cusumMedian,
      oracleCusumFalseRollbacks: cusumFalse,
    },
    /** Arena's median detection time as a multiple of the best possible (the oracle SPRT's). */
    timesOracle: round(value / oracleMedian, 2),
    /** The same against the oracle that must also watch the healthy minutes (CUSUM, ≈ 1 % false alarms per run). */
    timesOracleCusum: round(value / cusumMedian, 2),
    ratio: round(value / thresholdMedian, 3),
    runs,
    arenaP90: round(quantile(arena, 0.9)),
    thresholdP90: round(quantile(threshold, 0.9)),
    arenaMissed,
    thresholdMissed,
  };
}
