/**
 * Shared conformance vectors (conformance/stats-vectors.json,
 * computed independently with scipy), part 1: t tests, proportions,
 * sequential, CUPED, Bayesian, SRM, multiple comparisons, power.
 * Part 2 is conformance-rank-drift-bandit.test.ts.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bayesianEffect } from "./bayesian.js";
import { cupedDifference, type CupedStats } from "./cuped.js";
import { infer } from "./inference.js";
import { benjaminiHochberg, holmBonferroni } from "./multiple-comparisons.js";
import { frequentistVariance, relativeMde, relativePower } from "./power.js";
import { relativeLiftDelta, twoProportionZTest } from "./proportion.js";
import { informationTime, sequentialRho } from "./sequential.js";
import { srmChiSquare } from "./srm.js";
import { assertAllClose, assertClose, field, must, type Vector } from "./testing/assert-close.js";
import { FREQUENTIST_METHODS, RANK_DRIFT_BANDIT_METHODS } from "./testing/conformance-methods.js";
import { meanArm, proportionTTest, welchDifference, welchFromSummary, welchTTest } from "./welch.js";
import type { MeanStats } from "./sufficient-stats.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const vectors = (JSON.parse(readFileSync(resolve(repoRoot, "conformance/stats-vectors.json"), "utf8")) as { vectors: Vector[] }).vectors;

const meanStats = (o: unknown): MeanStats => ({
  n: field<number>(o, "n"),
  sum: field<number>(o, "sum"),
  sumSquares: field<number>(o, "sum_squares"),
});

function checkGbTTest(v: Vector, difference: "absolute" | "relative"): void {
  const r = must(welchTTest(meanStats(v.inputs.control), meanStats(v.inputs.treatment), difference, { alpha: 0.05 }));
  assertClose(r.estimate, v.expected.estimate, v.tolerance, "estimate");
  assertClose(r.se, v.expected.se, v.tolerance, "se");
  assertClose(r.df, v.expected.df, v.tolerance, "df");
  assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
  assertAllClose(r.ci, v.expected.ci, v.tolerance, "ci");
}

const handlers: Record<string, (v: Vector) => void> = {
  welch_t_relative_delta_method: (v) => checkGbTTest(v, "relative"),
  welch_t_absolute: (v) => checkGbTTest(v, "absolute"),
  welch_t_relative_delta_method_binomial: (v) => {
    const p = (o: unknown): { n: number; successes: number } => ({ n: field(o, "n"), successes: field(o, "conversions") });
    const r = must(proportionTTest(p(v.inputs.control), p(v.inputs.treatment), "relative", { alpha: 0.05 }));
    assertClose(r.estimate, v.expected.estimate, v.tolerance, "estimate");
    assertClose(r.se, v.expected.se, v.tolerance, "se");
    assertClose(r.df, v.expected.df, v.tolerance, "df");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
    assertAllClose(r.ci, v.expected.ci, v.tolerance, "ci");
  },
  gb_sequential_asymptotic_cs: (v) => {
    const tuning = field<number>(v.inputs, "sequential_tuning_parameter");
    const a = meanStats(v.inputs.control);
    const b = meanStats(v.inputs.treatment);
    const d = must(welchDifference(must(meanArm(a)), must(meanArm(b)), "relative"));
    // GrowthBook indexes the mixture by n_a + n_b; Arena by the balanced-equivalent
    // 4 n_a n_b/(n_a + n_b) (valid under unequal and changing splits, docs/statistics.md).
    expect(d.nTotal).toBeCloseTo(informationTime(a.n, b.n), 9);
    const r = infer({ ...d, nTotal: a.n + b.n }, { alpha: 0.05, sequential: { tuning } });
    assertClose(sequentialRho(0.05, tuning), v.expected.rho, v.tolerance, "rho");
    assertClose(r.estimate, v.expected.estimate, v.tolerance, "estimate");
    assertClose(r.se, v.expected.se, v.tolerance, "se");
    assertClose((r.ci[1] - r.ci[0]) / 2, v.expected.halfwidth, v.tolerance, "halfwidth");
    assertAllClose(r.ci, v.expected.ci, v.tolerance, "ci");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
  },
  gb_cuped_relative_then_sequential_cs: (v) => {
    const c = (o: unknown): CupedStats => ({
      n: field(o, "n"),
      postSum: field(o, "post_sum"),
      postSumSquares: field(o, "post_sum_squares"),
      preSum: field(o, "pre_sum"),
      preSumSquares: field(o, "pre_sum_squares"),
      crossSum: field(o, "post_pre_sum_of_products"),
    });
    const d = must(cupedDifference(c(v.inputs.control), c(v.inputs.treatment), "relative"));
    assertClose(d.theta, v.expected.theta, v.tolerance, "theta");
    assertClose(d.adjustedMeanChampion, v.expected.adjusted_mean_control, v.tolerance, "adj a");
    assertClose(d.adjustedMeanChallenger, v.expected.adjusted_mean_treatment, v.tolerance, "adj b");
    const r = infer(
      { ...d, nTotal: c(v.inputs.control).n + c(v.inputs.treatment).n },
      { alpha: 0.05, sequential: { tuning: field(v.inputs, "sequential_tuning_parameter") } },
    );
    assertClose(r.estimate, v.expected.estimate, v.tolerance, "estimate");
    assertClose(r.se, v.expected.se, v.tolerance, "se");
    assertAllClose(r.ci, v.expected.ci, v.tolerance, "ci");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
  },
  gb_bayesian_gaussian_effect: (v) => {
    const control = v.inputs.control as Record<string, number>;
    const treatment = v.inputs.treatment as Record<string, number>;
    const data =
      "conversions" in control
        ? must(
            proportionTTest(
              { n: field(control, "n"), successes: field(control, "conversions") },
              { n: field(treatment, "n"), successes: field(treatment, "conversions") },
              "relative",
              { alpha: 0.05 },
            ),
          )
        : must(welchTTest(meanStats(control), meanStats(treatment), "relative", { alpha: 0.05 }));
    if (v.expected.data_estimate !== undefined) {
      assertClose(data.estimate, v.expected.data_estimate, v.tolerance, "data est");
      assertClose(data.se, v.expected.data_se, v.tolerance, "data se");
    }
    const prior = v.inputs.prior as { mean: number; variance: number } | null;
    const b = bayesianEffect(data.estimate, data.se, 0.05, prior ?? undefined);
    assertClose(b.mean, v.expected.mean, v.tolerance, "mean");
    assertClose(b.sd, v.expected.sd, v.tolerance, "sd");
    assertClose(b.chanceToWin, v.expected.chance_to_win, v.tolerance, "ctw");
    assertAllClose(b.ci, v.expected.ci, v.tolerance, "ci");
    assertAllClose(b.risk, v.expected.risk, v.tolerance, "risk");
  },
  srm_chi_square: (v) => {
    const r = must(srmChiSquare(field(v.inputs, "observed"), field(v.inputs, "weights")));
    assertClose(r.chi2, v.expected.chi2, v.tolerance, "chi2");
    expect(r.df).toBe(v.expected.df);
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
    const flagged = v.expected.flagged_at_default_threshold_0_001 ?? v.expected.flagged_at_0_001;
    expect(r.mismatch).toBe(flagged);
    if (v.expected.expected_counts) assertAllClose(r.expected, v.expected.expected_counts, v.tolerance, "expected");
  },
  holm_bonferroni_adjusted_p: (v) => {
    assertAllClose(holmBonferroni(field(v.inputs, "p_values")), v.expected.adjusted, v.tolerance, "holm");
  },
  benjamini_hochberg_adjusted_p: (v) => {
    assertAllClose(benjaminiHochberg(field(v.inputs, "p_values")), v.expected.adjusted, v.tolerance, "bh");
  },
  gb_power_mde_normal: (v) => {
    const m = v.inputs.metric as { mean: number; variance: number };
    const base = {
      mean: m.mean,
      variance: m.variance,
      nTotal: field<number>(v.inputs, "n_total"),
      nVariations: field<number>(v.inputs, "n_variations"),
      alpha: field<number>(v.inputs, "alpha"),
    };
    const effect = field<number>(v.inputs, "effect_size_relative");
    const tuning = field<number>(v.inputs, "sequential_tuning_parameter");
    assertClose(relativePower({ ...base, effect }), v.expected.power, v.tolerance, "power");
    assertClose(relativePower({ ...base, effect, sequentialTuning: tuning }), v.expected.power_sequential_5000, v.tolerance, "seq power");
    assertClose(must(relativeMde({ ...base, power: 0.8 })).mde, v.expected.mde, v.tolerance, "mde");
    assertClose(
      must(relativeMde({ ...base, power: 0.8, sequentialTuning: tuning })).mde,
      v.expected.mde_sequential_5000,
      v.tolerance,
      "seq mde",
    );
    const fv = v.inputs.frequentistVariance_args as Record<string, number>;
    const args = [fv.varA ?? 0, fv.meanA ?? 0, fv.nA ?? 0, fv.varB ?? 0, fv.meanB ?? 0, fv.nB ?? 0] as const;
    assertClose(frequentistVariance(...args, false), v.expected.frequentistVariance_abs, v.tolerance, "fv abs");
    assertClose(frequentistVariance(...args, true), v.expected.frequentistVariance_rel, v.tolerance, "fv rel");
  },
  welch_t_test_two_sided: (v) => {
    const s = (o: unknown): { n: number; mean: number; variance: number } => ({
      n: field(o, "n"),
      mean: field(o, "mean"),
      variance: field(o, "variance"),
    });
    const r = must(welchFromSummary(s(v.inputs.control), s(v.inputs.treatment), "absolute", { alpha: 0.05 }));
    assertClose(r.estimate, v.expected.diff, v.tolerance, "diff");
    assertClose(r.se, v.expected.se, v.tolerance, "se");
    assertClose(r.estimate / r.se, v.expected.t, v.tolerance, "t");
    assertClose(r.df, v.expected.df, v.tolerance, "df");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
    assertAllClose(r.ci, v.expected.ci95, v.tolerance, "ci");
  },
  two_proportion_z_pooled: (v) => {
    const p = (o: unknown): { n: number; successes: number } => ({ n: field(o, "n"), successes: field(o, "conversions") });
    const r = must(twoProportionZTest(p(v.inputs.control), p(v.inputs.treatment), 0.05));
    assertClose(r.pChampion, v.expected.p_control, v.tolerance, "pa");
    assertClose(r.pChallenger, v.expected.p_treatment, v.tolerance, "pb");
    assertClose(r.diff, v.expected.diff, v.tolerance, "diff");
    assertClose(r.pooled, v.expected.pooled_p, v.tolerance, "pooled");
    assertClose(r.sePooled, v.expected.se_pooled, v.tolerance, "se pooled");
    assertClose(r.z, v.expected.z, v.tolerance, "z");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
    assertClose(r.seUnpooled, v.expected.se_unpooled, v.tolerance, "se unpooled");
    assertAllClose(r.ci, v.expected.ci95_wald_unpooled, v.tolerance, "ci");
  },
  relative_lift_ci_delta_normal: (v) => {
    const s = (o: unknown): { n: number; mean: number; variance: number } => ({
      n: field(o, "n"),
      mean: field(o, "mean"),
      variance: field(o, "variance"),
    });
    const r = must(relativeLiftDelta(s(v.inputs.control), s(v.inputs.treatment), 0.05));
    assertClose(r.lift, v.expected.lift, v.tolerance, "lift");
    assertClose(r.se, v.expected.se, v.tolerance, "se");
    assertClose(r.z, v.expected.z, v.tolerance, "z");
    assertClose(r.pValue, v.expected.p_value, v.tolerance, "p");
    assertAllClose(r.ci, v.expected.ci95, v.tolerance, "ci");
  },
};

describe("shared conformance vectors, part 1", () => {
  it("handles exactly its share of the methods and, with part 2, all 25 vectors", () => {
    expect(Object.keys(handlers).sort()).toEqual([...FREQUENTIST_METHODS].sort());
    expect(vectors).toHaveLength(25);
    const covered = new Set([...FREQUENTIST_METHODS, ...RANK_DRIFT_BANDIT_METHODS]);
    for (const v of vectors) expect(covered.has(v.method), v.method).toBe(true);
  });
  for (const v of vectors.filter((x) => handlers[x.method] !== undefined)) {
    it(`${v.name} (${v.method})`, () => {
      const handler = handlers[v.method];
      if (!handler) throw new Error(`no handler for ${v.method}`);
      handler(v);
    });
  }
});
