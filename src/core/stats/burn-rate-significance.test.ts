import { describe, expect, it } from "vitest";
import { evaluateBurnRate, excessPValue, significantlyFired } from "./burn-rate.js";

describe("burn-rate significance", () => {
  it("matches the binomial upper tail", () => {
    // P(X ≥ 3 | n = 10, p = 0.1) = 1 − P(X ≤ 2) = 0.0701908…
    expect(excessPValue(3, 10, 0.1)).toBeCloseTo(0.0701908, 6);
    expect(excessPValue(0, 10, 0.1)).toBe(1);
  });

  it("does not fire on a few unlucky requests at the limit, does fire on a real burn", () => {
    const rules = [{ severity: "page" as const, longWindowHours: 30 / 3600, shortWindowHours: 10 / 3600, burnRate: 2.5 }];
    const borderline = [
      { windowHours: 30 / 3600, errors: 12, total: 475 },
      { windowHours: 10 / 3600, errors: 6, total: 200 },
    ];
    const e1 = evaluateBurnRate(0.99, borderline, rules);
    if (e1.status !== "ok") throw new Error("no data");
    expect(e1.rules[0]!.fired).toBe(true);
    expect(significantlyFired(e1.rules[0]!, borderline[0]!, borderline[1]!)).toBe(false);
    const burning = [
      { windowHours: 30 / 3600, errors: 30, total: 600 },
      { windowHours: 10 / 3600, errors: 11, total: 200 },
    ];
    const e2 = evaluateBurnRate(0.99, burning, rules);
    if (e2.status !== "ok") throw new Error("no data");
    expect(significantlyFired(e2.rules[0]!, burning[0]!, burning[1]!)).toBe(true);
  });
});
