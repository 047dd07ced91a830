/**
 * fast-check arbitraries for the evaluation property tests: a policy with SLOs and live conditions,
 * a running canary, and random readings for every window the evaluation asks for.
 */
import fc from "fast-check";
import type { RolloutPolicy } from "../../policy/document.js";
import type { MetricReading } from "../../telemetry/metric-stats.js";
import { readsFor, type RolloutReadings, type RolloutState, type WindowReadings } from "../evaluate.js";
import type { Rollout } from "../types.js";

const rule = fc.record({
  long: fc.constantFrom("2m", "5m", "1h"),
  short: fc.constantFrom("30s", "1m"),
  burnRate: fc.double({ min: 1, max: 20, noNaN: true }),
  severity: fc.constantFrom("page" as const, "ticket" as const),
});
const slo = (i: number) =>
  fc.record({
    name: fc.constant(`slo-${i}`),
    metric: fc.constant("error_rate"),
    objective: fc.constantFrom(0.99, 0.995, 0.999),
    rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
    minEvents: fc.integer({ min: 1, max: 300 }),
    alpha: fc.constantFrom(0.001, 0.01, 0.1),
  });
const condition = fc.oneof(
  fc.record({ metric: fc.constant("error_rate"), max: fc.double({ min: 0, max: 0.2, noNaN: true }) }),
  fc.record({ metric: fc.constant("error_rate"), test: fc.constant("non_inferiority" as const), margin: fc.double({ min: 0.001, max: 0.05, noNaN: true }) }),
  fc.record({ metric: fc.constant("error_rate"), delta: fc.record({ max: fc.double({ min: 0, max: 0.05, noNaN: true }) }) }),
);

export const policyArb: fc.Arbitrary<RolloutPolicy> = fc
  .record({
    slos: fc.integer({ min: 0, max: 2 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => slo(i)))),
    live: fc.array(condition, { maxLength: 3 }),
    minSamples: fc.integer({ min: 0, max: 500 }),
  })
  .map(({ slos, live, minSamples }) => ({
    program: "p",
    segments: [],
    metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
    offlineMetrics: {},
    gates: { registry: [], preproduction: [], live, minSamples, alpha: 0.05 },
    rollout: { mode: "canary", reweightEvery: "5m", floor: 0.05, minSamplesPerArm: 100, tieBreak: ["primary", "lowest_version"], evaluateEvery: "10s", notPromoted: { challengerAlias: "keep" } },
    approvals: { roles: [] },
    slos,
    promotionWindows: [],
  }));

/** A reading of error_rate with n requests and `errors` of them failed (n = 0: no data). */
export function errorReading(n: number, errors: number): MetricReading {
  return n === 0 ? { status: "no_data", reason: "no requests in the window" } : { status: "ok", value: errors / n, n, stats: { n, successes: errors } };
}

const versionWindow = fc.record({ n: fc.integer({ min: 0, max: 5_000 }), errorShare: fc.double({ min: 0, max: 0.1, noNaN: true }), exposures: fc.integer({ min: 0, max: 5_000 }) });

/** Random readings for every window `readsFor` asks for, with the traffic plan in force. */
export function readingsArb(policy: RolloutPolicy, r: Rollout, state: RolloutState): fc.Arbitrary<RolloutReadings> {
  const reads = readsFor(policy, r, state);
  return fc.tuple(...reads.map((w) => fc.tuple(...w.versions.map(() => versionWindow)))).map((drawn) => {
    const windows: Record<string, WindowReadings> = {};
    reads.forEach((w, i) => {
      windows[w.key] = Object.fromEntries(w.versions.map((v, j) => {
        const d = drawn[i]![j]!;
        return [v, { exposures: d.exposures, metrics: { error_rate: errorReading(d.n, Math.round(d.n * d.errorShare)) } }];
      }));
    });
    return { ...state, windows };
  });
}
