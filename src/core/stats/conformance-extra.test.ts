/**
 * Reference values for methods without a shared vector, generated
 * independently by testing/conformance-extra.py (numpy/scipy, a different
 * formulation where one exists) into conformance-extra.json.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bayesianEffect, directionalBayes } from "./bayesian.js";
import { classifierArm, classifierMetric, type ClassifierMetric } from "./classifier.js";
import { differenceOf } from "./estimate.js";
import { infer } from "./inference.js";
import { timeToDecision } from "./power.js";
import { psiTest } from "./psi.js";
import { quantileArm } from "./quantile-difference.js";
import { sketchFromValues } from "./quantile-sketch.js";
import { mulberry32, normalDraw } from "./random.js";
import { ratioArm, ratioStatsFromUnits } from "./ratio.js";
import { assertAllClose, assertClose, field, must } from "./testing/assert-close.js";

interface Case {
  name: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: Record<string, number>;
}

const cases = (JSON.parse(readFileSync(resolve(import.meta.dirname, "conformance-extra.json"), "utf8")) as { cases: Case[] }).cases;
const byName = (name: string): Case => {
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`case ${name} missing`);
  return c;
};

describe("extra conformance (independent numpy/scipy derivations)", () => {
  it("ratio metric: delta method with covariance equals the linearised-residual computation", () => {
    const c = byName("ratio_delta_method_units");
    const tol = { abs: c.tolerance.abs };
    const a = must(ratioArm(ratioStatsFromUnits(field(c.inputs, "champion_units"))));
    const b = must(ratioArm(ratioStatsFromUnits(field(c.inputs, "challenger_units"))));
    assertClose(a.value, c.expected.ratio_champion, tol, "Ra");
    assertClose(a.variance, c.expected.variance_champion, tol, "Va");
    assertClose(b.value, c.expected.ratio_challenger, tol, "Rb");
    assertClose(b.variance, c.expected.variance_challenger, tol, "Vb");
    const r = infer(must(differenceOf(a, b, "absolute", Infinity)), { alpha: 0.05 });
    assertClose(r.estimate, c.expected.diff, tol, "diff");
    assertClose(r.se, c.expected.se, tol, "se");
    assertAllClose(r.ci, c.expected.ci, tol, "ci");
    assertClose(r.pValue, c.expected.p_value, tol, "p");
    const rel = must(differenceOf(a, b, "relative", Infinity));
    assertClose(rel.estimate, c.expected.relative, tol, "relative");
    assertClose(rel.se, c.expected.relative_se, tol, "relative se");
  });

  for (const name of ["quantile_asymptotic_lognormal_p95", "quantile_asymptotic_lognormal_p50"]) {
    it(`quantile from a sketch agrees with the asymptotic theory: ${name}`, () => {
      const c = byName(name);
      const n = field<number>(c.inputs, "n");
      const r = mulberry32(field(c.inputs, "seed"));
      const sketch = sketchFromValues(
        Array.from({ length: n }, () => 100 * Math.exp(0.5 * normalDraw(r))),
        field(c.inputs, "relative_accuracy"),
      );
      const arm = must(quantileArm(sketch, field(c.inputs, "quantile")));
      const q = field<number>(c.expected, "quantile");
      const se = field<number>(c.expected, "se");
      expect(Math.abs(arm.value - q) / q).toBeLessThan(c.tolerance.quantile_rel ?? 0);
      expect(Math.abs(Math.sqrt(arm.variance) - se) / se).toBeLessThan(c.tolerance.se_rel ?? 0);
    });
  }

  for (const c of cases.filter((x) => x.name.startsWith("bayes_expected_loss"))) {
    it(`Bayesian chance to win and expected loss: ${c.name}`, () => {
      const est = field<number>(c.inputs, "estimate");
      const se = field<number>(c.inputs, "se");
      const tol = { abs: c.tolerance.abs };
      const b = bayesianEffect(est, se, 0.05);
      assertClose(b.chanceToWin, c.expected.chance_to_win, tol, "ctw");
      assertClose(b.risk[0], c.expected.risk_keep_champion, tol, "risk keep");
      assertClose(b.risk[1], c.expected.risk_choose_challenger, tol, "risk choose");
      const d = { estimate: est, se, df: Infinity, nTotal: 1000, difference: "absolute" as const };
      const higher = directionalBayes(d, true);
      assertClose(higher.expectedLoss, c.expected.risk_choose_challenger, tol, "directional loss");
      // Lower is better: the roles of the two tails swap.
      const lower = directionalBayes(d, false);
      assertClose(lower.chanceToBeatChampion, 1 - field<number>(c.expected, "chance_to_win"), tol, "lower ctw");
      assertClose(lower.expectedLoss, c.expected.risk_keep_champion, tol, "lower loss");
    });
  }

  it("classifier metrics: Wilson intervals and F1 (Jaccard transform = multinomial delta method)", () => {
    const c = byName("classifier_metrics_intervals");
    const counts = {
      tp: field<number>(c.inputs, "tp"),
      fp: field<number>(c.inputs, "fp"),
      tn: field<number>(c.inputs, "tn"),
      fn: field<number>(c.inputs, "fn"),
    };
    const tol = { abs: c.tolerance.abs };
    for (const m of ["precision", "recall", "fpr", "accuracy", "f1"] as ClassifierMetric[]) {
      const r = must(classifierMetric(counts, m, 0.05));
      assertClose(r.value, c.expected[m], tol, m);
      assertAllClose(r.ci, c.expected[`${m}_ci`], tol, `${m} ci`);
    }
    assertClose(
      must(classifierArm(counts, "f1")).variance,
      c.expected.f1_variance_multinomial_delta,
      { abs: c.tolerance.f1_variance_abs },
      "F1 variance",
    );
  });

  it("PSI significance test, and its agreement with Pearson's χ² homogeneity test", () => {
    const c = byName("psi_significance_test");
    const r = must(psiTest(field(c.inputs, "expected_counts"), field(c.inputs, "actual_counts")));
    const tol = { abs: c.tolerance.abs };
    assertClose(r.psi, c.expected.psi, tol, "psi");
    assertClose(r.statistic, c.expected.statistic, tol, "statistic");
    expect(r.df).toBe(c.expected.df);
    assertClose(r.pValue, c.expected.p_value, tol, "p");
    assertClose(r.statistic, c.expected.cross_check_pearson_chi2, { rel: c.tolerance.cross_check_rel }, "≈ Pearson");
  });

  it("time to decision at the current traffic, fixed-horizon and sequential", () => {
    const c = byName("time_to_decision");
    const base = {
      effect: field<number>(c.inputs, "effect"),
      varianceChampion: field<number>(c.inputs, "variance_champion"),
      varianceChallenger: field<number>(c.inputs, "variance_challenger"),
      nChampion: field<number>(c.inputs, "n_per_arm"),
      nChallenger: field<number>(c.inputs, "n_per_arm"),
      ratePerHourChampion: field<number>(c.inputs, "rate_per_hour_per_arm"),
      ratePerHourChallenger: field<number>(c.inputs, "rate_per_hour_per_arm"),
      alpha: field<number>(c.inputs, "alpha"),
      power: field<number>(c.inputs, "power"),
    };
    const tol = { rel: c.tolerance.rel };
    const fixed = must(timeToDecision(base));
    assertClose(fixed.hours, c.expected.hours_fixed, tol, "hours");
    assertClose(fixed.nChampion, c.expected.n_per_arm_fixed, tol, "n");
    const seq = must(timeToDecision({ ...base, sequentialTuning: field(c.inputs, "sequential_tuning") }));
    assertClose(seq.hours, c.expected.hours_sequential, tol, "sequential hours");
    expect(must(timeToDecision({ ...base, nChampion: 1e6, nChallenger: 1e6 })).hours).toBe(0);
    expect(timeToDecision({ ...base, ratePerHourChallenger: 0 }).status).toBe("insufficient_data");
  });
});
