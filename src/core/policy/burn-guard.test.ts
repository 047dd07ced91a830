import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialDraw, mulberry32 } from "../stats/random.js";
import { burnLogLikelihoodRatio } from "../stats/burn-rate.js";
import { DEFAULT_BURN_GUARD, judgeBurnRule, type BurnGuard, type BurnWindow } from "./burn-rule.js";

const OBJECTIVE = 0.999;

/**
 * Streams of a 6× rule over 60 s / 30 s at 20 requests a second, a look every 5 s over `seconds`, windows of
 * whole seconds: how many of `streams` seeded streams at `burn` × the budget ever fire.
 */
function everFired(guard: BurnGuard, sequential: boolean, burn: number, seconds: number, streams: number): number {
  let fired = 0;
  for (let i = 0; i < streams; i++) {
    const random = mulberry32(4242 + i);
    const upTo = [0];
    for (let s = 0; s < seconds; s++) upTo.push(upTo[s]! + binomialDraw(random, 20, burn * (1 - OBJECTIVE)));
    const span = (from: number, to: number): BurnWindow => ({
      errors: upTo[to]! - upTo[Math.max(0, from)]!,
      total: (to - Math.max(0, from)) * 20,
    });
    for (let t = 5; t <= seconds; t += 5) {
      if (judgeBurnRule(OBJECTIVE, 6, span(t - 60, t), span(t - 30, t), guard, sequential ? span(0, t) : null).verdict === "fired") {
        fired++;
        break;
      }
    }
  }
  return fired;
}

describe("burn-rate noise guard: anytime-valid path (ADR 023)", () => {
  it("the likelihood ratio of N× vs 1× is Wald's, in its Poisson form", () => {
    expect(burnLogLikelihoodRatio(8, 1200, 0.001, 6)).toBeCloseTo(8 * Math.log(6) - 5 * 1.2, 12);
    expect(burnLogLikelihoodRatio(0, 100_000, 0.001, 6)).toBeCloseTo(-500, 9);
    expect(burnLogLikelihoodRatio(5, 1000, 0.001, 1)).toBe(0);
  });

  it(
    "healthy versions: over an hour of looks every 5 s, at most sequentialAlpha of them ever pass the anytime-valid path",
    { timeout: 60_000 },
    () => {
      const level = 0.05;
      const anytime = everFired({ minEvents: 100, alpha: 0, sequentialAlpha: level }, true, 1, 3600, 150);
      // The same level tested afresh at every look on the windows accumulates false alarms past it.
      const perLook = everFired({ minEvents: 100, alpha: level, sequentialAlpha: 1 }, false, 1, 3600, 150);
      expect(anytime).toBeLessThanOrEqual(level * 150);
      expect(perLook).toBeGreaterThan(level * 150);
    },
  );

  it("fires on a clear burn through the anytime-valid path, with the evidence in its reason", () => {
    // 2.2 % errors (22×): 26 of 1200 since the start, 13 of 600 over the short window.
    const r = judgeBurnRule(OBJECTIVE, 6, { errors: 26, total: 1200 }, { errors: 13, total: 600 }, DEFAULT_BURN_GUARD, {
      errors: 26,
      total: 1200,
    });
    expect(r.verdict).toBe("fired");
    expect(r.reason).toMatch(/errors since the start 26 of 1200, likelihood ratio 6× vs 1× .* ≥ 1\/0\.01/);
    // Past what a double holds, the ratio is still told (from its log).
    const huge = { errors: 600, total: 10_000 };
    expect(judgeBurnRule(OBJECTIVE, 6, huge, huge, DEFAULT_BURN_GUARD, huge).reason).toMatch(/likelihood ratio 6× vs 1× e\^1025 ≥/);
    // A real 6× burn over a first minute: 8 errors in 1200 fire the anytime-valid path (Λ ≈ 4,160), not the per-window one.
    const minute = { errors: 8, total: 1200 };
    expect(judgeBurnRule(OBJECTIVE, 6, minute, { errors: 4, total: 600 }, DEFAULT_BURN_GUARD, minute).verdict).toBe("fired");
    expect(judgeBurnRule(OBJECTIVE, 6, minute, { errors: 4, total: 600 }, DEFAULT_BURN_GUARD, null).verdict).toBe("not_firing");
  });

  it("a late regression after healthy hours still fires by the per-window path", () => {
    const healthyHours = { errors: 72 + 20, total: 72_000 + 1200 }; // an hour at 1×, then a bad minute
    const long = { errors: 20, total: 1200 };
    const short = { errors: 11, total: 600 };
    const r = judgeBurnRule(OBJECTIVE, 6, long, short, DEFAULT_BURN_GUARD, healthyHours);
    expect(r.sinceStartLogLikelihoodRatio!).toBeLessThan(0);
    expect(r).toMatchObject({ verdict: "fired", reason: expect.stringMatching(/each window's errors significantly above 1×/) });
  });

  it("on a 6× burn from the start most seeded streams fire within a minute; the per-window path alone fires in fewer", () => {
    const anytimeOrWindows = everFired(DEFAULT_BURN_GUARD, true, 6, 60, 300);
    const windowsOnly = everFired(DEFAULT_BURN_GUARD, false, 6, 60, 300);
    expect(anytimeOrWindows).toBeGreaterThan(150);
    expect(anytimeOrWindows).toBeGreaterThan(windowsOnly);
  });

  it("never fires below N measured over both windows nor under minEvents, whatever the counts since the start (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 1.01, max: 20, noNaN: true }),
        (le, lt, se, st, since, n) => {
          const r = judgeBurnRule(
            OBJECTIVE,
            n,
            { errors: Math.min(le, lt), total: lt },
            { errors: Math.min(se, st), total: st },
            { minEvents: 100, alpha: 0.4, sequentialAlpha: 0.4 },
            { errors: since, total: 1 + since * 2 },
          );
          if (r.verdict === "fired") {
            expect(Math.min(r.longBurnRate!, r.shortBurnRate!)).toBeGreaterThanOrEqual(n * (1 - 1e-9));
            expect(Math.min(lt, st)).toBeGreaterThanOrEqual(100);
          }
        },
      ),
    );
  });

  it("no events in a window is no data, however strong the evidence since the start", () => {
    const since = { errors: 500, total: 10_000 };
    expect(judgeBurnRule(OBJECTIVE, 6, { errors: 0, total: 0 }, { errors: 0, total: 0 }, DEFAULT_BURN_GUARD, since).verdict).toBe(
      "no_data",
    );
    expect(judgeBurnRule(OBJECTIVE, 6, null, { errors: 30, total: 600 }, DEFAULT_BURN_GUARD, since).verdict).toBe("no_data");
    expect(judgeBurnRule(OBJECTIVE, 6, { errors: 0, total: 0 }, null, DEFAULT_BURN_GUARD, { errors: 0, total: 0 })).toMatchObject({
      verdict: "no_data",
      sinceStartLogLikelihoodRatio: null,
    });
  });
});
