/** Degenerate inputs give an explicit insufficient-data result, never NaN and never a verdict. */
import { describe, expect, it } from "vitest";
import { evaluateBurnRate } from "./burn-rate.js";
import { classifierMetric } from "./classifier.js";
import { cupedDifference } from "./cuped.js";
import { classifyKayentaMetric, scoreKayenta } from "./kayenta-judge.js";
import { mannWhitney } from "./mann-whitney.js";
import { relativeMde, timeToDecision } from "./power.js";
import { relativeLiftDelta, twoProportionZTest } from "./proportion.js";
import { populationStabilityIndex, psiTest } from "./psi.js";
import { quantileArm } from "./quantile-difference.js";
import { sketchFromValues, sketchQuantile } from "./quantile-sketch.js";
import { srmCheck } from "./srm.js";
import { thompsonAllocation } from "./thompson.js";
import { proportionTTest, welchTTest } from "./welch.js";

const insufficient = (r: { status: string }): void => expect(r.status).toBe("insufficient_data");

describe("degenerate inputs", () => {
  it("t tests", () => {
    insufficient(welchTTest({ n: 1, sum: 1, sumSquares: 1 }, { n: 5, sum: 5, sumSquares: 7 }, "absolute", { alpha: 0.05 }));
    insufficient(welchTTest({ n: 5, sum: 5, sumSquares: 5 }, { n: 5, sum: 10, sumSquares: 20 }, "absolute", { alpha: 0.05 }));
    insufficient(proportionTTest({ n: 50, successes: 50 }, { n: 60, successes: 60 }, "absolute", { alpha: 0.05 }));
    insufficient(proportionTTest({ n: 50, successes: 0 }, { n: 60, successes: 3 }, "relative", { alpha: 0.05 }));
    insufficient(twoProportionZTest({ n: 0, successes: 0 }, { n: 10, successes: 1 }, 0.05));
    insufficient(relativeLiftDelta({ mean: 0, variance: 1, n: 10 }, { mean: 1, variance: 1, n: 10 }, 0.05));
  });

  it("one arm with zero variance still compares (e.g. no errors at all in the champion)", () => {
    const r = proportionTTest({ n: 5000, successes: 0 }, { n: 5000, successes: 30 }, "absolute", { alpha: 0.05 });
    expect(r.status).toBe("ok");
    if (r.status === "ok") expect(r.ci[0]).toBeGreaterThan(0);
  });

  it("CUPED falls back to θ = 0 without pre-period variance", () => {
    const arm = { n: 10, postSum: 10, postSumSquares: 20, preSum: 10, preSumSquares: 10, crossSum: 10 };
    const r = cupedDifference(arm, { ...arm, postSum: 12, postSumSquares: 24 }, "absolute");
    expect(r.status === "ok" && r.theta).toBe(0);
    insufficient(cupedDifference({ ...arm, n: 1 }, arm, "absolute"));
  });

  it("SRM needs counts and two weighted arms", () => {
    insufficient(srmCheck([3, 4], [0.5, 0.5]));
    insufficient(srmCheck([300, 400], [1, 0]));
    insufficient(srmCheck([300, 400], [1]));
  });

  it("rank tests and the Kayenta judge", () => {
    insufficient(mannWhitney([], [1, 2]));
    insufficient(mannWhitney([3, 3], [3, 3, 3]));
    expect(classifyKayentaMetric([], [1, 2], "either").classification).toBe("Nodata");
    expect(classifyKayentaMetric([], [1, 2], "either", {}, true).classification).toBe("NodataFailMetric");
    expect(classifyKayentaMetric([5, 5], [5, 5], "either").classification).toBe("Pass");
    const s = scoreKayenta(
      [
        { group: "a", classification: "Nodata" },
        { group: "a", classification: "Pass" },
      ],
      {},
      { pass: 95, marginal: 75 },
    );
    expect(s).toMatchObject({ score: 0, classification: "Fail" });
  });

  it("sketches, PSI and classifier metrics", () => {
    const empty = sketchFromValues([]);
    expect(sketchQuantile(empty, 0.5)).toBeUndefined();
    insufficient(quantileArm(empty, 0.5));
    insufficient(quantileArm(sketchFromValues([1, 2, 3]), 1));
    insufficient(populationStabilityIndex([1, 2], [1, 2, 3]));
    insufficient(populationStabilityIndex([0, 0], [1, 2]));
    insufficient(psiTest([5, 0, 0], [3, 0, 0]));
    insufficient(classifierMetric({ tp: 0, fp: 0, tn: 5, fn: 0 }, "precision", 0.05));
    insufficient(classifierMetric({ tp: -1, fp: 0, tn: 5, fn: 0 }, "recall", 0.05));
  });

  it("bandits wait for the minimum sample per arm", () => {
    const r = thompsonAllocation([
      { id: "a", stats: { n: 99, successes: 10 } },
      { id: "b", stats: { n: 500, successes: 60 } },
    ]);
    insufficient(r);
    if (r.status !== "ok") expect(r.reason).toMatch(/arm a/);
    insufficient(thompsonAllocation([{ id: "a", stats: { n: 500, successes: 10 } }]));
  });

  it("burn rate: a missing or empty window is insufficient, never 'not burning'", () => {
    insufficient(evaluateBurnRate(0.999, [{ windowHours: 1, errors: 0, total: 100 }]));
    insufficient(
      evaluateBurnRate(0.999, [
        { windowHours: 1, errors: 0, total: 0 },
        { windowHours: 1 / 12, errors: 0, total: 10 },
      ]),
    );
  });

  it("power and time to decision", () => {
    insufficient(relativeMde({ mean: 1, variance: 1, nTotal: 100, nVariations: 2, alpha: 0.05, power: 0.04 }));
    insufficient(relativeMde({ mean: 1, variance: 100, nTotal: 10, nVariations: 2, alpha: 0.05, power: 0.8 }));
    insufficient(
      timeToDecision({
        effect: 0,
        varianceChampion: 1,
        varianceChallenger: 1,
        nChampion: 1,
        nChallenger: 1,
        ratePerHourChampion: 1,
        ratePerHourChallenger: 1,
        alpha: 0.05,
        power: 0.8,
      }),
    );
  });
});
