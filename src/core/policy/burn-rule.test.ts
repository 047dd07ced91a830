import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { judgeBurnRule } from "./burn-rule.js";

describe("burn-rate rules fire at their rate (SRE workbook)", () => {
  it("a 6× rule fires on a measured 6× over both windows, exactly at the limit included", () => {
    // 99.9 % SLO: budget 0.1 %; 6× = 0.6 % errors. 36 errors in 6000 is exactly 6×.
    expect(judgeBurnRule(0.999, 6, { errors: 36, total: 6000 }, { errors: 8, total: 1200 }).verdict).toBe("fired");
    expect(judgeBurnRule(0.999, 6, { errors: 36, total: 6000 }, { errors: 7, total: 1200 })).toMatchObject({
      verdict: "not_firing",
      reason: expect.stringMatching(/below 6×/),
    });
  });

  it("on a true N× burn the measured rate reaches N at about half the looks (the rule reads the measured rate, not a significant excess)", () => {
    let fired = 0;
    const runs = 400;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < runs; i++) {
      let errors = 0;
      for (let k = 0; k < 6000; k++) if (random() < 0.006) errors++;
      if (judgeBurnRule(0.999, 6, { errors, total: 6000 }, { errors, total: 6000 }).verdict === "fired") fired++;
    }
    expect(fired / runs).toBeGreaterThan(0.35);
    expect(fired / runs).toBeLessThan(0.7);
  });

  it("noise guard: two unlucky errors in 200 requests (a measured 10×) do not fire; too few events are no data", () => {
    expect(judgeBurnRule(0.999, 6, { errors: 2, total: 200 }, { errors: 2, total: 200 })).toMatchObject({
      verdict: "not_firing",
      reason: expect.stringMatching(/too few errors to tell from the budget rate/),
    });
    expect(judgeBurnRule(0.999, 6, { errors: 20, total: 50 }, { errors: 20, total: 50 })).toMatchObject({
      verdict: "no_data",
      reason: "only 50 events in a window (needs 100)",
    });
    expect(judgeBurnRule(0.999, 6, null, { errors: 0, total: 500 }).verdict).toBe("no_data");
    expect(judgeBurnRule(0.999, 6, { errors: 0, total: 0 }, { errors: 0, total: 500 }).longBurnRate).toBeNull();
  });

  it("never fires below its rate, nor without both windows at or above it (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 20000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 20000 }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        (le, lt, se, st, n) => {
          const long = { errors: Math.min(le, lt), total: lt };
          const short = { errors: Math.min(se, st), total: st };
          const r = judgeBurnRule(0.999, n, long, short);
          if (r.verdict === "fired") {
            expect(r.longBurnRate! >= n * (1 - 1e-9) && r.shortBurnRate! >= n * (1 - 1e-9)).toBe(true);
            expect(Math.min(lt, st)).toBeGreaterThanOrEqual(100);
          }
        },
      ),
    );
  });
});
