/**
 * Shared conformance vectors, part 2: Mann–Whitney and the Kayenta judge,
 * PSI, sample sizes, the mSPRT, Thompson sampling, burn-rate rules.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { burnRateFor, defaultBurnRateRules, evaluateBurnRate, ruleFor } from "./burn-rate.js";
import { classifyKayentaMetric, scoreKayenta, type KayentaClassification, type KayentaDirection } from "./kayenta-judge.js";
import { mannWhitney } from "./mann-whitney.js";
import { meanSampleSize, meanSampleSizeExactT, proportionSampleSize } from "./power.js";
import { populationStabilityIndex } from "./psi.js";
import { mulberry32 } from "./random.js";
import { msprtNormalMixture } from "./sequential.js";
import { assertAllClose, assertClose, field, must, type Vector } from "./testing/assert-close.js";
import { RANK_DRIFT_BANDIT_METHODS } from "./testing/conformance-methods.js";
import {
  betaArmPosterior,
  gaussianArmPosterior,
  probabilityBest,
  probabilityBestMonteCarlo,
  weightsWithFloor,
  type Posterior,
} from "./thompson.js";
import type { MeanStats } from "./sufficient-stats.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const vectors = (JSON.parse(readFileSync(resolve(repoRoot, "conformance/stats-vectors.json"), "utf8")) as { vectors: Vector[] }).vectors;

const meanStats = (o: unknown): MeanStats => ({
  n: field<number>(o, "n"),
  sum: field<number>(o, "sum"),
  sumSquares: field<number>(o, "sum_squares"),
});

const handlers: Record<string, (v: Vector) => void> = {
  mann_whitney_u_two_sided_asymptotic: (v) => {
    const x = field<number[]>(v.inputs, "x_control");
    const y = field<number[]>(v.inputs, "y_treatment");
    const r = must(mannWhitney(x, y));
    assertClose(r.uChampion, v.expected.U_x, v.tolerance, "Ux");
    assertClose(r.uChallenger, v.expected.U_y, v.tolerance, "Uy");
    assertClose(r.rankSumChampion, v.expected.rank_sum_x, v.tolerance, "Rx");
    assertClose(r.tieTerm, v.expected.tie_term_sum_t3_minus_t, v.tolerance, "ties");
    assertClose(r.sigma, v.expected.sigma_tie_corrected, v.tolerance, "sigma");
    assertClose(r.pValue, v.expected.p_value_continuity, v.tolerance, "p");
    assertClose(must(mannWhitney(x, y, { continuity: false })).pValue, v.expected.p_value_no_continuity, v.tolerance, "p nc");
  },
  mann_whitney_location_shift_ci_R_wilcox_algorithm: (v) => {
    for (const key of ["case1", "case2"]) {
      const c = v.inputs[key];
      const r = must(mannWhitney(field(c, "control"), field(c, "experiment"), { confidenceLevel: field(c, "confidence_level") }));
      const e = v.expected[key];
      assertAllClose(r.ci, field(e, "ci"), v.tolerance, `${key} ci`);
      assertClose(r.shift, field(e, "estimate"), v.tolerance, `${key} estimate`);
    }
  },
  kayenta_netflix_aca_judge: (v) => {
    const params = {
      tolerance: field<number>(v.inputs, "judge_params", "tolerance"),
      confidenceLevel: field<number>(v.inputs, "judge_params", "confidence_level"),
    };
    for (const key of ["metric1", "metric2"]) {
      const m = v.inputs[key];
      const r = classifyKayentaMetric(field(m, "experiment"), field(m, "control"), "either", params);
      const e = v.expected[key];
      expect(r.classification).toBe(field(e, "classification"));
      assertAllClose(r.ci ?? [], field(e, "ci"), v.tolerance, `${key} ci`);
      assertClose(r.estimate, field(e, "estimate"), v.tolerance, `${key} est`);
      assertAllClose(r.bounds ?? [], field(e, "bounds"), v.tolerance, `${key} bounds`);
      assertClose(r.meanRatio, field(e, "mean_ratio"), v.tolerance, `${key} ratio`);
    }
    const m2 = v.inputs.metric2;
    const dec = classifyKayentaMetric(field(m2, "experiment"), field(m2, "control"), "decrease" as KayentaDirection, params);
    expect(dec.classification).toBe(field(v.expected, "metric2_decrease_only", "classification"));
    type Scored = { group: string; classification: KayentaClassification; critical: boolean };
    const thresholds = {
      pass: field<number>(v.inputs, "scoring", "thresholds", "pass_"),
      marginal: field<number>(v.inputs, "scoring", "thresholds", "marginal"),
    };
    const weights = field<Record<string, number>>(v.inputs, "scoring", "group_weights");
    const s = scoreKayenta(field<Scored[]>(v.inputs, "scoring", "metrics"), weights, thresholds);
    assertClose(s.score, v.expected.score, v.tolerance, "score");
    expect(s.classification).toBe(v.expected.score_classification);
    const c = scoreKayenta(field<Scored[]>(v.inputs, "scoring_critical", "metrics"), {}, thresholds);
    assertClose(c.score, v.expected.score_critical, v.tolerance, "critical score");
    expect(c.classification).toBe(v.expected.score_critical_classification);
  },
  population_stability_index: (v) => {
    const cases: Array<[unknown, unknown]> =
      v.inputs.expected_proportions !== undefined
        ? [[v.inputs, v.expected]]
        : [
            [v.inputs.case_counts, v.expected.case_counts],
            [v.inputs.case_zero_bin, v.expected.case_zero_bin],
          ];
    for (const [input, expected] of cases) {
      const i = input as Record<string, number[] | number>;
      const e = (i.expected_proportions ?? i.expected_counts) as number[];
      const a = (i.actual_proportions ?? i.actual_counts) as number[];
      const r = must(populationStabilityIndex(e, a));
      assertClose(r.psi, field(expected, "psi"), v.tolerance, "psi");
      assertAllClose(r.perBin, field(expected, "per_bin"), v.tolerance, "per bin");
      const band = field<string>(expected, "band");
      expect(r.band).toBe(band.startsWith("no") ? "none" : band.startsWith("major") ? "major" : "moderate");
    }
  },
  normal_approx_sample_size: (v) => {
    const p = v.inputs.proportions as Record<string, number>;
    const m = v.inputs.means as Record<string, number>;
    const pin = {
      baseline: field<number>(p, "baseline"),
      effect: field<number>(p, "baseline") * field<number>(p, "relative_mde"),
      alpha: field<number>(p, "alpha"),
      power: field<number>(p, "power"),
    };
    const unpooled = proportionSampleSize(pin);
    assertClose(unpooled.raw, v.expected.n_per_arm_unpooled_raw, { abs: 1e-6 }, "unpooled raw");
    expect(unpooled.n).toBe(v.expected.n_per_arm_unpooled);
    const pooled = proportionSampleSize({ ...pin, method: "pooled" });
    assertClose(pooled.raw, v.expected.n_per_arm_pooled_null_raw, { abs: 1e-6 }, "pooled raw");
    expect(pooled.n).toBe(v.expected.n_per_arm_pooled_null);
    const means = meanSampleSize(field(m, "sigma"), field(m, "absolute_mde"), field(m, "alpha"), field(m, "power"));
    assertClose(means.raw, v.expected.means_n_per_arm_raw, { abs: 1e-6 }, "means raw");
    expect(means.n).toBe(v.expected.means_n_per_arm);
    expect(meanSampleSizeExactT(field(m, "sigma"), field(m, "absolute_mde"), field(m, "alpha"), field(m, "power"))).toBe(
      v.expected.means_n_per_arm_exact_t_noncentral,
    );
  },
  msprt_normal_mixture: (v) => {
    const r = msprtNormalMixture({
      sigma2: field(v.inputs, "sigma2_per_observation_each_arm"),
      tau2: field(v.inputs, "mixture_variance_tau2"),
      nPerArm: field(v.inputs, "n_per_arm"),
      diff: field(v.inputs, "observed_diff_mean_t_minus_c"),
      theta0: field(v.inputs, "theta0"),
      alpha: field(v.inputs, "alpha"),
    });
    assertClose(r.likelihoodRatio, v.expected.likelihood_ratio_Lambda, v.tolerance, "Lambda");
    assertClose(r.pValue, v.expected.always_valid_p_value, v.tolerance, "p");
    assertClose(r.halfwidth, v.expected.halfwidth, v.tolerance, "halfwidth");
    assertAllClose(r.ci, v.expected.ci, v.tolerance, "ci");
    expect(r.reject).toBe(v.expected.reject_at_alpha);
  },
  gaussian_thompson_sampling: (v) => {
    const arms = field<Array<Record<string, number>>>(v.inputs, "arms").map(meanStats);
    const prior = field<{ mean: number; variance: number }>(v.inputs, "prior");
    const posts = arms.map((a) => gaussianArmPosterior(a, prior));
    const expected = field<Array<Record<string, number>>>(v.expected, "posterior");
    posts.forEach((p, i) => {
      assertClose(p.mean, expected[i]?.mean, v.tolerance, `mean ${i}`);
      assertClose(p.variance, expected[i]?.variance, v.tolerance, `var ${i}`);
      assertClose(p.sampleMean, expected[i]?.sample_mean, v.tolerance, `sample mean ${i}`);
      assertClose(p.sampleVariance, expected[i]?.sample_variance, v.tolerance, `sample var ${i}`);
    });
    const normal: Posterior[] = posts.map((p) => ({ family: "normal", mean: p.mean, variance: p.variance }));
    const best = probabilityBest(normal);
    assertAllClose(best, v.expected.prob_best, v.tolerance, "prob best");
    const pair = probabilityBest([normal[0] as Posterior, normal[1] as Posterior]);
    assertClose(pair[1], v.expected.prob_arm1_beats_arm0, v.tolerance, "P(1 > 0)");
    assertAllClose(weightsWithFloor(best, field(v.inputs, "min_variation_weight")), v.expected.weights_with_floor, v.tolerance, "weights");
    const mc = probabilityBestMonteCarlo(normal, 200_000, mulberry32(100));
    assertAllClose(mc, v.expected.prob_best, { abs: v.tolerance.monte_carlo_abs ?? 0.01 }, "monte carlo");
  },
  beta_bernoulli_thompson_sampling: (v) => {
    const arm = (k: string): { n: number; successes: number } => {
      const s = field<number>(v.inputs, k, "successes");
      return { n: s + field<number>(v.inputs, k, "failures"), successes: s };
    };
    const a = betaArmPosterior(arm("arm_A"));
    const b = betaArmPosterior(arm("arm_B"));
    expect(a).toEqual({ family: "beta", alpha: 121, beta: 881 });
    expect(b).toEqual({ family: "beta", alpha: 141, beta: 861 });
    const best = probabilityBest([a, b]);
    assertClose(best[1], v.expected.prob_B_beats_A, v.tolerance, "P(B > A)");
    assertAllClose(best, v.expected.thompson_weights_two_arms, v.tolerance, "weights");
    const mc = probabilityBestMonteCarlo([a, b], 100_000, mulberry32(7));
    assertAllClose(mc, v.expected.thompson_weights_two_arms, { abs: v.tolerance.monte_carlo_abs ?? 0.01 }, "monte carlo");
  },
  multiwindow_multi_burn_rate: (v) => {
    const slo = field<number>(v.inputs, "slo");
    const periodHours = field<number>(v.inputs, "slo_period_days") * 24;
    const rows = field<Array<Record<string, number | string>>>(v.expected, "rows");
    const rules = [...defaultBurnRateRules(periodHours), ruleFor("ticket", 0.1, 24, periodHours)];
    rows.forEach((row, i) => {
      const rule = rules[i];
      if (!rule) throw new Error("missing rule");
      expect(rule.severity).toBe(String(row.severity).split(" ")[0]);
      expect(rule.longWindowHours).toBe(row.long_window_h);
      assertClose(rule.burnRate, row.burn_rate, v.tolerance, `burn ${i}`);
      assertClose(burnRateFor(Number(row.budget_consumed), periodHours, rule.longWindowHours), row.burn_rate, v.tolerance, `burn fn ${i}`);
      assertClose(rule.burnRate * (1 - slo), row.error_ratio_threshold, v.tolerance, `threshold ${i}`);
      assertClose(periodHours / rule.burnRate, row.hours_to_exhaust_full_budget, { abs: 1e-9 }, `exhaust ${i}`);
    });
    const obs = field<Record<string, number>>(v.inputs, "example_observed");
    const windows = [
      { windowHours: 1, errors: (obs.err_1h ?? 0) * 1e6, total: 1e6 },
      { windowHours: 1 / 12, errors: (obs.err_5m ?? 0) * 1e6, total: 1e6 },
      { windowHours: 6, errors: (obs.err_6h ?? 0) * 1e6, total: 1e6 },
      { windowHours: 0.5, errors: (obs.err_30m ?? 0) * 1e6, total: 1e6 },
    ];
    const r = must(evaluateBurnRate(slo, windows, defaultBurnRateRules(periodHours).slice(0, 2)));
    expect(r.rules[0]?.fired).toBe(v.expected.example_page_fast_fires);
    expect(r.rules[1]?.fired).toBe(v.expected.example_page_slow_fires);
    expect(r.severity).toBe("page");
  },
};

describe("shared conformance vectors, part 2", () => {
  it("handles exactly its share of the methods", () => {
    expect(Object.keys(handlers).sort()).toEqual([...RANK_DRIFT_BANDIT_METHODS].sort());
  });
  for (const v of vectors.filter((x) => handlers[x.method] !== undefined)) {
    it(`${v.name} (${v.method})`, () => {
      const handler = handlers[v.method];
      if (!handler) throw new Error(`no handler for ${v.method}`);
      handler(v);
    });
  }
});
