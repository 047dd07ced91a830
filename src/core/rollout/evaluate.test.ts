/**
 * The one evaluation, checked against independent recomputations from its own inputs: burn rows are
 * each SLO rule judged on the windows read (minimum events and the significance guard of the SLO, not
 * anything else), the challengers' burn severities are those rows' worst, the sample ratio's expected
 * shares are the traffic plan's, and health and next step follow from the observation.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { judgeBurnRule } from "../policy/burn-rule.js";
import { liveSrm } from "../policy/live-srm.js";
import type { RolloutPolicy } from "../policy/document.js";
import type { MetricReading } from "../telemetry/metric-stats.js";
import { parseDuration } from "../time/duration.js";
import { evaluateRollout, readsFor, type RolloutReadings, type RolloutState, type WindowReadings } from "./evaluate.js";
import { healthOf } from "./evaluate/health.js";
import { reconcile } from "./reconcile.js";
import { plan, start, t0 } from "./testing/fixtures.js";
import type { Rollout } from "./types.js";

const HOUR = 3_600_000;

// A policy with SLOs and live conditions, and random readings for every window the evaluation asks for.
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
  fc.record({
    metric: fc.constant("error_rate"),
    test: fc.constant("non_inferiority" as const),
    margin: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
  }),
  fc.record({ metric: fc.constant("error_rate"), delta: fc.record({ max: fc.double({ min: 0, max: 0.05, noNaN: true }) }) }),
);

const policyArb: fc.Arbitrary<RolloutPolicy> = fc
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
    rollout: {
      mode: "canary",
      reweightEvery: "5m",
      floor: 0.05,
      minSamplesPerArm: 100,
      tieBreak: ["primary", "lowest_version"],
      evaluateEvery: "10s",
      notPromoted: { challengerAlias: "keep" },
    },
    approvals: { roles: [] },
    slos,
    promotionWindows: [],
  }));

/** A reading of error_rate with n requests and `errors` of them failed (n = 0: no data). */
function errorReading(n: number, errors: number): MetricReading {
  return n === 0
    ? { status: "no_data", reason: "no requests in the window" }
    : { status: "ok", value: errors / n, n, stats: { n, successes: errors } };
}

const versionWindow = fc.record({
  n: fc.integer({ min: 0, max: 5_000 }),
  errorShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
  exposures: fc.integer({ min: 0, max: 5_000 }),
});

/** Random readings for every window `readsFor` asks for, with the traffic plan in force. */
function readingsArb(policy: RolloutPolicy, r: Rollout, state: RolloutState): fc.Arbitrary<RolloutReadings> {
  const reads = readsFor(policy, r, state);
  return fc.tuple(...reads.map((w) => fc.tuple(...w.versions.map(() => versionWindow)))).map((drawn) => {
    const windows: Record<string, WindowReadings> = {};
    reads.forEach((w, i) => {
      windows[w.key] = Object.fromEntries(
        w.versions.map((v, j) => {
          const d = drawn[i]![j]!;
          return [v, { exposures: d.exposures, metrics: { error_rate: errorReading(d.n, Math.round(d.n * d.errorShare)) } }];
        }),
      );
    });
    return { ...state, windows };
  });
}

const setup = fc
  .record({ weight: fc.constantFrom(0.05, 0.1, 0.2, 0.5), minutes: fc.integer({ min: 1, max: 120 }) })
  .chain(({ weight, minutes }) =>
    policyArb.chain((policy) => {
      const r = start(plan({ steps: [{ shadow: false, weight, sample: 1, durationMs: 3_600_000, minSamples: 100, approval: false }] }));
      const state: RolloutState = {
        now: new Date(t0.getTime() + minutes * 60_000),
        championNow: 1,
        freeze: { frozen: false, summary: "" },
        traffic: {
          arms: [
            { alias: "champion", weight: 1 - weight },
            { alias: "challenger", weight },
          ],
        },
      };
      return readingsArb(policy, r, state).map((readings) => ({ policy, r, readings, weight }));
    }),
  );

describe("evaluateRollout", () => {
  it("asks for the live windows, the sample ratio's window since the split and every SLO window of each version", () => {
    fc.assert(
      fc.property(setup, ({ policy, r, readings }) => {
        const keys = readsFor(policy, r, readings).map((w) => w.key);
        expect(keys).toContain("segment:all");
        expect(keys).toContain("srm");
        const spans = new Set(policy.slos.flatMap((s) => s.rules.flatMap((x) => [parseDuration(x.long), parseDuration(x.short)])));
        expect(keys.filter((k) => k.startsWith("slo:"))).toHaveLength(spans.size * 2);
      }),
      { numRuns: 30 },
    );
  });

  it("burn rows are every SLO rule judged on its windows, and each challenger's burn is their worst", () => {
    fc.assert(
      fc.property(setup, ({ policy, r, readings }) => {
        const e = evaluateRollout(policy, r, readings);
        expect(e.burn).toHaveLength(policy.slos.reduce((n, s) => n + s.rules.length, 0) * 2);
        for (const row of e.burn) {
          const slo = policy.slos.find((s) => s.name === row.slo)!;
          const window = (d: string) => {
            const m = readings.windows[`slo:v${row.version}:${parseDuration(d)}`]?.[row.version]?.metrics.error_rate;
            return m?.status === "ok" && m.stats ? { errors: (m.stats as { successes: number }).successes, total: m.n } : null;
          };
          const since = readings.windows["segment:all"]?.[row.version]?.metrics.error_rate;
          const sinceStart =
            since?.status === "ok" && since.stats ? { errors: (since.stats as { successes: number }).successes, total: since.n } : null;
          const guard = { minEvents: slo.minEvents!, alpha: slo.alpha!, sequentialAlpha: slo.sequentialAlpha ?? 0.01 };
          const judged = judgeBurnRule(slo.objective, row.limit, window(row.long), window(row.short), guard, sinceStart);
          expect(row.verdict).toBe(judged.verdict);
          expect(row.fired).toBe(judged.verdict === "fired");
        }
        for (const c of e.observation.challengers) {
          const rows = e.burn.filter((x) => x.version === c.version);
          const fired = rows.filter((x) => x.fired);
          const expected =
            policy.slos.length === 0
              ? "none"
              : fired.some((x) => x.severity === "page")
                ? "page"
                : fired.length > 0
                  ? "ticket"
                  : rows.some((x) => x.verdict === "no_data")
                    ? "no_data"
                    : "none";
          expect(c.burn.severity).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the sample ratio's expected shares are the traffic plan's, and its verdict is the check over those arms", () => {
    fc.assert(
      fc.property(setup, ({ policy, r, readings, weight }) => {
        const e = evaluateRollout(policy, r, readings);
        expect(e.srmArms.map((a) => [a.version, a.alias, a.expectedShare])).toEqual([
          [1, "champion", 1 - weight],
          [2, "challenger", weight],
        ]);
        const exposures = { 1: readings.windows.srm![1]!.exposures, 2: readings.windows.srm![2]!.exposures };
        expect(e.srmArms.map((a) => a.exposures)).toEqual([exposures[1], exposures[2]]);
        const srm = liveSrm({ champion: 1, challengers: [2], metrics: {}, readings: {}, exposures, weights: { 1: 1 - weight, 2: weight } });
        expect(e.observation.srm).toEqual({ valid: srm.valid, checked: srm.checked, summary: srm.reason });
        expect(e.health).toEqual(healthOf(r, e.observation));
        expect(e.next).toEqual(reconcile(r, e.observation));
      }),
      { numRuns: 100 },
    );
  });

  it("skips the sample ratio (checked: false, never a pass) when no challenger is served, and judges a finished rollout as it ended", () => {
    fc.assert(
      fc.property(setup, ({ policy, r, readings }) => {
        const shadow = evaluateRollout(policy, r, { ...readings, traffic: { arms: [{ alias: "champion", weight: 1 }] } });
        expect(shadow.srmArms).toEqual([]);
        expect(shadow.observation.srm).toMatchObject({ valid: true, checked: false });
        const endedAt = new Date(t0.getTime() + 30 * 60_000).toISOString();
        const ended = {
          ...r,
          status: "rolled_back" as const,
          endedAt,
          challengers: r.challengers.map((c) => ({ ...c, status: "rolled_back" as const })),
        };
        const reads = readsFor(policy, ended, readings);
        expect(reads.every((w) => w.to === Date.parse(endedAt))).toBe(true);
        expect(reads.map((w) => w.key)).not.toContain("srm");
        const e = evaluateRollout(policy, ended, readings);
        expect(e.at.toISOString()).toBe(endedAt);
        expect(e.observation.challengers.map((c) => c.version)).toEqual([2]);
        expect(e.next).toBeNull();
        expect(e.health.health).toBe("idle");
      }),
      { numRuns: 30 },
    );
  });

  it("a burn-in reads the champion before the promotion and the promoted version after it only", () => {
    const p = plan({ burnInMs: HOUR });
    const r = { ...start(p), status: "burn_in" as const, promoted: 2, burnInUntil: new Date(t0.getTime() + 2 * HOUR).toISOString() };
    fc.assert(
      fc.property(policyArb, (policy) => {
        const reads = readsFor(policy, r, { now: new Date(t0.getTime() + 1.5 * HOUR), traffic: null });
        expect(reads.find((w) => w.key === "burn_in.before")).toMatchObject({
          from: t0.getTime(),
          to: t0.getTime() + HOUR,
          versions: [1],
          overlap: true,
        });
        expect(reads.find((w) => w.key === "burn_in.after")).toMatchObject({ from: t0.getTime() + HOUR, versions: [2], overlap: false });
        expect(reads.filter((w) => w.key.startsWith("slo:")).every((w) => w.versions.length === 1 && w.versions[0] === 2)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
