import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLiveGate } from "./live-gate.js";
import type { LiveGateInput } from "./live-types.js";
import { evaluateOfflineGate } from "./offline-gate.js";
import { summarize } from "./summary.js";
import { proportionReading } from "./testing/readings.js";
import type { PolicyCondition } from "./types.js";

const value = fc.double({ min: -1000, max: 1000, noNaN: true });
const bound = fc.double({ min: 0, max: 100, noNaN: true });

function offline(c: PolicyCondition, candidate: number, champion: number) {
  return evaluateOfflineGate("preproduction", [c], { metrics: { m: candidate } }, { metrics: { m: champion } })[0]?.verdict;
}

describe("offline gate properties", () => {
  it("swapping champion and candidate flips a delta: min t on (a, b) ≡ max −t on (b, a)", () => {
    fc.assert(
      fc.property(value, value, value, (a, b, t) => {
        expect(offline({ metric: "m", delta: { min: t } }, a, b)).toBe(offline({ metric: "m", delta: { max: -t } }, b, a));
      }),
    );
  });

  it("a symmetric band |candidate − champion| ≤ m gives the same verdict both ways", () => {
    fc.assert(
      fc.property(value, value, bound, (a, b, m) => {
        const c = { metric: "m", delta: { min: -m, max: m } };
        expect(offline(c, a, b)).toBe(offline(c, b, a));
      }),
    );
  });

  it("a delta never passes without the champion's value", () => {
    fc.assert(
      fc.property(value, fc.boolean(), (a, relative) => {
        const [r] = evaluateOfflineGate("preproduction", [{ metric: "m", delta: { min: -1e9, relative } }], { metrics: { m: a } });
        expect(r?.verdict).toBe("no_data");
      }),
    );
  });

  it("a bound passes exactly when the value lies within it (away from rounding)", () => {
    fc.assert(
      fc.property(value, value, (x, min) => {
        fc.pre(Math.abs(x - min) > 1e-6);
        const [r] = evaluateOfflineGate("registry", [{ metric: "m", min }], { metrics: { m: x } });
        expect(r?.verdict).toBe(x >= min ? "pass" : "fail");
      }),
    );
  });
});

const liveInput = (champion: [number, number], challenger: [number, number], exposures: [number, number]): LiveGateInput => ({
  champion: 1,
  challengers: [2],
  metrics: { err: { kind: "proportion", direction: "lower" } },
  readings: { all: { 1: { err: proportionReading(...champion) }, 2: { err: proportionReading(...challenger) } } },
  exposures: { 1: exposures[0], 2: exposures[1] },
  weights: { 1: 1, 2: 1 },
  minSamples: 10,
});
const arm = fc.integer({ min: 50, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n })));

describe("live gate properties", () => {
  it("under a sample ratio mismatch nothing passes and the summary is invalid", () => {
    fc.assert(
      fc.property(arm, arm, fc.integer({ min: 5000, max: 20000 }), (a, b, n) => {
        const i = liveInput(a, b, [n, Math.round(n * 0.8)]);
        const e = evaluateLiveGate(
          [
            { metric: "err", test: "non_inferiority", margin: 0.05 },
            { metric: "err", max: 1 },
          ],
          i,
        );
        expect(e.srm.valid).toBe(false);
        expect(
          e.byChallenger[2]?.filter((r) => !r.id.endsWith(".samples")).every((r) => r.verdict !== "pass" && r.verdict !== "fail"),
        ).toBe(true);
        expect(e.summaries[2]?.outcome).toBe("invalid");
      }),
      { numRuns: 50 },
    );
  });

  it("swapping champion and challenger flips a live point delta", () => {
    fc.assert(
      fc.property(arm, arm, fc.double({ min: -0.5, max: 0.5, noNaN: true }), (a, b, t) => {
        const forward = evaluateLiveGate([{ metric: "err", delta: { min: t } }], liveInput(a, b, [1000, 1000])).byChallenger[2]?.[0];
        const swapped = evaluateLiveGate([{ metric: "err", delta: { max: -t } }], liveInput(b, a, [1000, 1000])).byChallenger[2]?.[0];
        expect(forward?.verdict).toBe(swapped?.verdict);
      }),
    );
  });

  it("a required condition without data never lets the gate pass", () => {
    fc.assert(
      fc.property(arm, (a) => {
        const i = liveInput(a, a, [1000, 1000]);
        const e = evaluateLiveGate(
          [
            { metric: "err", max: 1 },
            { metric: "missing", max: 1 },
          ],
          i,
        );
        expect(e.summaries[2]?.outcome).toBe("hold");
        expect(summarize(e.byChallenger[2] ?? []).outcome).toBe("hold");
      }),
      { numRuns: 30 },
    );
  });
});
