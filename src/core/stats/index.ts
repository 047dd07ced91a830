/**
 * Arena's decision statistics: pure functions over sufficient statistics.
 * Formulas, assumptions and references: docs/statistics.md.
 */
export * from "./result.js";
export * from "./distributions.js";
export * from "./sufficient-stats.js";
export * from "./estimate.js";
export * from "./inference.js";
export * from "./sequential.js";
export * from "./sequential-design.js";
export * from "./welch.js";
export * from "./proportion.js";
export * from "./ratio.js";
export * from "./cuped.js";
export * from "./bayesian.js";
export * from "./srm.js";
export * from "./multiple-comparisons.js";
export * from "./power.js";
export * from "./mann-whitney.js";
export * from "./kayenta-judge.js";
export * from "./quantile-sketch.js";
export * from "./quantile-difference.js";
export * from "./classifier.js";
export * from "./psi.js";
export * from "./random.js";
export * from "./thompson.js";
export * from "./burn-rate.js";
export * from "./metric-definition.js";
export * from "./verdict.js";
export * from "./analyse.js";
