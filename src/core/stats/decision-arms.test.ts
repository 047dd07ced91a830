/** The null-variance floor for ratio metrics (decision-arms.ts, pooled-variance.ts). */
import { describe, expect, it } from "vitest";
import { ratioPair } from "./decision-arms.js";
import { pooledRatioResidualVariance } from "./pooled-variance.js";
import { ratioArm, ratioStatsFromUnits } from "./ratio.js";
import { designMultiplier, designPValue, EXACT_PHASE_ALPHA_SHARE, phaseSpend } from "./sequential-design.js";

const units = (costs: number[], requests: number[]): Array<[number, number]> =>
  costs.map((c, i) => [c, requests[i % requests.length] ?? 1]);

describe("ratio null-variance floor", () => {
  const champion = ratioStatsFromUnits(
    units(
      Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? 40 : 1 + (i % 3))),
      [1, 2, 3],
    ),
  );
  // A small arm that missed the costly units: low ratio and a tiny delta-method variance at once.
  const challenger = ratioStatsFromUnits(
    units(
      Array.from({ length: 40 }, (_, i) => 1 + (i % 3)),
      [1, 2, 3],
    ),
  );

  it("floors the small arm's variance at the pooled residual variance over its n", () => {
    const pair = ratioPair(champion, challenger);
    expect(pair.status).toBe("ok");
    if (pair.status !== "ok" || pair.b.status !== "ok") return;
    const own = ratioArm(challenger);
    if (own.status !== "ok") throw new Error(own.reason);
    const pooled = pooledRatioResidualVariance(champion, challenger);
    expect(pair.b.variance).toBeCloseTo(Math.max(own.variance, pooled / 40), 12);
    expect(pair.b.variance).toBeGreaterThan(2 * own.variance);
  });

  it("equals the linearised residual variance of the union computed unit by unit", () => {
    const all = [
      ...units(
        Array.from({ length: 30 }, (_, i) => 2 + (i % 7)),
        [1, 2],
      ),
      ...units(
        Array.from({ length: 20 }, (_, i) => 1 + (i % 4)),
        [3, 1],
      ),
    ];
    const a = ratioStatsFromUnits(all.slice(0, 30));
    const b = ratioStatsFromUnits(all.slice(30));
    const r = all.reduce((s, u) => s + u[0], 0) / all.reduce((s, u) => s + u[1], 0);
    const ybar = all.reduce((s, u) => s + u[1], 0) / all.length;
    const direct = all.reduce((s, [x, y]) => s + (x - r * y) ** 2, 0) / (all.length - 1) / (ybar * ybar);
    expect(pooledRatioResidualVariance(a, b)).toBeCloseTo(direct, 10);
  });

  it("leaves two arms without spread alone and refuses a zero denominator", () => {
    const flat = ratioStatsFromUnits([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    const pair = ratioPair(flat, flat);
    expect(pair.status === "ok" && pair.b.status === "ok" && pair.b.variance).toBe(0);
    expect(pooledRatioResidualVariance({ ...flat, denominatorSum: 0 }, { ...flat, denominatorSum: 0 })).toBe(0);
  });
});

describe("α split between a proportion's exact and normal phases (design boundary)", () => {
  it("gives the exact phase 10 % and the normal phase 90 %, and the interval agrees with the split p", () => {
    expect(phaseSpend("exact")).toBe(EXACT_PHASE_ALPHA_SHARE);
    expect(phaseSpend("exact") + phaseSpend("normal")).toBeCloseTo(1, 12);
    const spend = phaseSpend("normal");
    const c = designMultiplier(1000, 1000, 0.05, spend);
    expect(c).toBeGreaterThan(designMultiplier(1000, 1000, 0.05));
    expect(designPValue(c, 1000, 1000, 0.05, spend)).toBeCloseTo(0.05, 8);
  });
});
