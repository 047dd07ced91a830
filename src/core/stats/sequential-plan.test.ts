/** plannedInformationTime: the design boundary's N* from a plan's shares and per-arm minimums (ADR 022). */
import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./distributions.js";
import { defaultSequentialTuning } from "./sequential.js";
import { plannedInformationTime } from "./sequential-design.js";

const Z = normalQuantile(0.975);

/** Power of the fixed two-sided z-test at level 0.05 of effect δ (unit variance per unit) with n_a, n_b units. */
const fixedPower = (delta: number, nA: number, nB: number): number => {
  const se = Math.sqrt(1 / nA + 1 / nB);
  return normalCdf(delta / se - Z) + normalCdf(-delta / se - Z);
};

describe("plannedInformationTime", () => {
  it("is 2 m at a 50/50 split and 4 m (1 − s) for a canary at share s whose small arm needs m", () => {
    expect(plannedInformationTime([{ share: 0.5, minSamples: 1000 }], 100)).toBeCloseTo(2000, 6);
    expect(plannedInformationTime([{ share: 0.05, minSamples: 1000 }], 100)).toBeCloseTo(3800, 6);
    expect(plannedInformationTime([{ share: 0.1, minSamples: 1000 }], 100)).toBeCloseTo(3600, 6);
    // The mixture's derivation (2 × the per-arm minimum) is the balanced figure, too small for a canary by 1.9×.
    expect(defaultSequentialTuning([1000], 100)).toBe(2000);
  });

  it("is the information time at which the plan's fixed design has 80 % power, for any share", () => {
    for (const share of [0.01, 0.05, 0.1, 0.25, 0.5]) {
      const m = 2000;
      const nA = (m * (1 - share)) / share;
      // The effect the fixed design (m challenger units, the champion's matching share) is powered for.
      const delta = (Z + normalQuantile(0.8)) * Math.sqrt(1 / nA + 1 / m);
      const n = plannedInformationTime([{ share, minSamples: m }], 0);
      // At information N a balanced design has N/2 units per arm: the same power.
      expect(fixedPower(delta, n / 2, n / 2)).toBeCloseTo(0.8, 3);
      expect(fixedPower(delta, nA, m)).toBeCloseTo(0.8, 3);
    }
  });

  it("walks a ramp: each step ends when both arms hold its minimum, counted since the start", () => {
    // 5 % until 100 challenger units (champion 1,900), 25 % to 500 (champion +1,200), 50 % to 2,000 (+1,500).
    const n = plannedInformationTime(
      [
        { share: 0.05, minSamples: 100 },
        { share: 0.25, minSamples: 500 },
        { share: 0.5, minSamples: 2000 },
      ],
      100,
    );
    expect(n).toBeCloseTo((4 * 4600 * 2000) / 6600, 6);
  });

  it("uses the gate minimum when it is larger, caps shares at 1/challengers and skips steps that serve one arm", () => {
    expect(plannedInformationTime([{ share: 0.05, minSamples: 0 }], 100)).toBeCloseTo(380, 6);
    // Two challengers at 50 % each would leave the champion nothing: capped at ½ each, still nothing; skipped.
    expect(plannedInformationTime([{ share: 0.5, minSamples: 1000 }], 0, 2)).toBe(0);
    // Two challengers at 25 %: the champion serves 50 % and reaches m first.
    expect(plannedInformationTime([{ share: 0.25, minSamples: 1000 }], 0, 2)).toBeCloseTo((4 * 2000 * 1000) / 3000, 6);
    expect(plannedInformationTime([{ share: 0, minSamples: 1000 }], 0)).toBe(0);
    expect(plannedInformationTime([], 100)).toBe(0);
  });
});
