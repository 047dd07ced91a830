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
 * canary stream (bench/support/rollback-oracles.ts): Page's repeated SPRT that knows both error rates,
 * watching from the start of the stream with its threshold calibrated to Arena's A/A false-alarm level
 * (α = 0.05 per stream; also at 0.01), and, as a lower bound no detector can reach, the SPRT that also
 * knows the moment of the jump.
 */
import { runBacktest } from "../src/backtest/engine.js";
import { parseHistory } from "../src/backtest/history.js";
import { syntheticHistory } from "../src/backtest/synthetic.js";
import { PolicyDocument } from "../src/contracts/policy.js";
import type { BenchResult } from "./result.js";
import { calibratePage, canaryStream, jumpKnowingSprt, pageRun, type Detection, type StreamShape } from "./support/rollback-oracles.js";
import { quantile, round } from "./support/stats.js";

const RPS = 200;
const CANARY = 0.1;
const WARMUP_MS = 120_000;
const AFTER_MS = 240_000;
const THRESHOLD = { successMin: 0.97, intervalMs: 60_000, failureLimit: 2 };
const HEALTHY = 0.01;
const BROKEN = 0.05;
/** A/A false-alarm rate per stream the headline oracle is calibrated to: Arena's α (the grid's A/A target). */
const ORACLE_FALSE_ALARM = 0.05;
/** A stricter level, what "0 false rollbacks in 30 A/A runs" allows (the oracle CUSUM of earlier runs, h ≈ 9). */
const ORACLE_STRICT_FALSE_ALARM = 0.01;
const CALIBRATION_STREAMS = 4000;
const SHAPE: StreamShape = {
  perSecond: Math.round(RPS * CANARY),
  warmupSeconds: WARMUP_MS / 1000,
  afterSeconds: AFTER_MS / 1000,
  healthy: HEALTHY,
  broken: BROKEN,
};

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

/** The threshold rule on the canary stream, second by second. */
function thresholdRun(seed: number, jump: boolean): Detection {
  const perSecond = SHAPE.perSecond;
  const errors = canaryStream(SHAPE, seed, jump);
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

export default async function rollback(args: string[]): Promise<BenchResult> {
  const runs = Number(args[0] ?? 15);
  // [evaluateEvery = 5s]: the controller's look interval (the telemetry bucket stays 10 s).
  policy = policyFor(args[1] ?? "5s");
  const pageThreshold = calibratePage(SHAPE, ORACLE_FALSE_ALARM, CALIBRATION_STREAMS, 900_000);
  const strictThreshold = calibratePage(SHAPE, ORACLE_STRICT_FALSE_ALARM, CALIBRATION_STREAMS, 900_000);
  const tally = () => ({ seconds: [] as number[], falseAlarms: 0, missed: 0 });
  const arena = tally();
  const threshold = tally();
  const page = tally();
  const strict = tally();
  const jumpKnowing = tally();
  const count = (t: ReturnType<typeof tally>, jump: Detection, aa: Detection): void => {
    if (jump.seconds !== null && jump.seconds >= 0) t.seconds.push(jump.seconds);
    else if (jump.rolledBack) t.falseAlarms++;
    else t.missed++;
    if (aa.rolledBack) t.falseAlarms++;
  };
  for (let i = 0; i < runs; i++) {
    const a = await arenaRun(1000 + i, true);
    count(arena, a, await arenaRun(5000 + i, false));
    count(threshold, thresholdRun(1000 + i, true), thresholdRun(5000 + i, false));
    const jumpStream = canaryStream(SHAPE, 1000 + i, true);
    const aaStream = canaryStream(SHAPE, 5000 + i, false);
    count(page, pageRun(SHAPE, jumpStream, pageThreshold), pageRun(SHAPE, aaStream, pageThreshold));
    count(strict, pageRun(SHAPE, jumpStream, strictThreshold), pageRun(SHAPE, aaStream, strictThreshold));
    count(jumpKnowing, jumpKnowingSprt(SHAPE, jumpStream, 0.05), jumpKnowingSprt(SHAPE, aaStream, 0.05));
    console.error(`run ${i + 1}/${runs}: arena ${a.seconds ?? "-"} s, page ${page.seconds.at(-1) ?? "-"} s`);
  }
  const median = (t: ReturnType<typeof tally>): number => round(quantile(t.seconds, 0.5));
  const value = median(arena);
  return {
    bench: "rollback",
    value,
    unit: "s (median, error jump → rollback decision, simulated clock)",
    baseline: {
      thresholdRule: median(threshold),
      oracleRepeatedSprt: median(page),
      oracleRepeatedSprtStrict: median(strict),
      oracleSprtKnowsJump: median(jumpKnowing),
      arenaFalseRollbacksAA: arena.falseAlarms,
      thresholdFalseRollbacksAA: threshold.falseAlarms,
      oracleRepeatedSprtFalseRollbacks: page.falseAlarms,
      oracleRepeatedSprtStrictFalseRollbacks: strict.falseAlarms,
      oracleSprtKnowsJumpFalseRollbacksAA: jumpKnowing.falseAlarms,
    },
    /** Arena ÷ Page's repeated SPRT (both rates known, watching from the start, 5 % A/A false alarms per stream): the issue's ≤ 2 ×. */
    timesOracle: round(value / median(page), 2),
    /** Arena ÷ the same oracle held to 1 % false alarms per stream. */
    timesOracleStrict: round(value / median(strict), 2),
    /** Arena ÷ the SPRT that also knows the moment of the jump: a lower bound, not reachable by a detector. */
    timesOracleKnowsJump: round(value / median(jumpKnowing), 2),
    oracle: {
      construction: "Page's repeated SPRT of 1 % vs 5 % errors per second from the stream's start, restarted at each acceptance of H0",
      thresholdNats: round(pageThreshold, 2),
      strictThresholdNats: round(strictThreshold, 2),
      calibration: `${CALIBRATION_STREAMS} seeded A/A streams of ${SHAPE.warmupSeconds + SHAPE.afterSeconds} s: thresholds at ${ORACLE_FALSE_ALARM} and ${ORACLE_STRICT_FALSE_ALARM} false alarms per stream`,
    },
    ratio: round(value / median(threshold), 3),
    runs,
    arenaP90: round(quantile(arena.seconds, 0.9)),
    thresholdP90: round(quantile(threshold.seconds, 0.9)),
    arenaMissed: arena.missed,
    thresholdMissed: threshold.missed,
  };
}
