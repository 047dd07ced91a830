import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { axisFor, niceTicks, scaleOf } from "./axis.js";

describe("chart axes", () => {
  it("puts 214 against a bound of 200 close together on a zero-based scale (not at opposite edges)", () => {
    const axis = axisFor([214, 200], { unit: "ms" })!;
    expect(axis.ticks.map((t) => t.label)).toEqual(["0", "50", "100", "150", "200", "250"]);
    expect(axis.unit).toBe("ms");
    const x = scaleOf(axis, 0, 300);
    // 14 ms apart on a 250 ms axis: under 6 % of the width, as the numbers say.
    expect(x(214) - x(200)).toBeCloseTo((14 / 250) * 300, 6);
  });

  it("labels differences signed, in points for proportions and percent for relative scales", () => {
    const pts = axisFor([-0.004, 0.012, -0.01], { unit: "%", difference: true })!;
    expect(pts.unit).toBe("pts");
    expect(pts.ticks.map((t) => t.label)).toEqual(["-1.0", "-0.5", "0", "+0.5", "+1.0", "+1.5"].map((l) => l.replace(".0", "")));
    expect(pts.lo).toBeCloseTo(-0.01, 10);
    const rel = axisFor([0.02, 0.05], { difference: true, scale: "relative" })!;
    expect(rel.unit).toBe("% relative");
    expect(rel.ticks.at(-1)!.label).toBe("+5");
    expect(axisFor([0.31], { unit: "%" })!.ticks.map((t) => t.label)).toEqual(["0", "10", "20", "30", "40"]);
    expect(axisFor([Number.NaN])).toBeNull();
  });

  it("nice ticks enclose the range and every value, with steps of 1, 2 or 5 × 10^k", () => {
    // Values too small to step through (10^-324 underflows to a zero step) once looped forever.
    expect(niceTicks(1e-322, 1e-322)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b) => {
        const ticks = niceTicks(a, b);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
        expect(ticks[0]!).toBeLessThanOrEqual(Math.min(a, b) + 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
        expect(ticks.at(-1)!).toBeGreaterThanOrEqual(Math.max(a, b) - 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
        const step = ticks[1]! - ticks[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });
});
