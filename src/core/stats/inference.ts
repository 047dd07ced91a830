/**
 * Turns a difference estimate into an interval and p-values, either at a
 * fixed horizon (t or normal reference) or always-valid (normal mixture).
 */
import { tQuantile, twoSidedP } from "./distributions.js";
import type { DifferenceEstimate } from "./estimate.js";
import { sequentialHalfwidth, sequentialPValue, sequentialProblem, sequentialRho } from "./sequential.js";
import { designMultiplier, designPValue, phaseSpend } from "./sequential-design.js";

/**
 * `mixture`: the normal mixture, tightest at N* (default). `design`: the
 * two-point likelihood ratio of the plan's design effect, N* being the
 * information time at which the fixed design has 80 % power (sequential-design.ts).
 */
export type SequentialBoundary = "mixture" | "design";

export interface SequentialOptions {
  /** Expected total sample size (both arms) at which the sequence is tightest. */
  tuning: number;
  boundary?: SequentialBoundary;
  /** Design boundary only: the share of α this test may spend (default 1; a proportion's phases split it). */
  spend?: number;
}

export interface InferenceOptions {
  alpha: number;
  /** Present ⇒ always-valid inference; absent ⇒ fixed horizon. */
  sequential?: SequentialOptions;
}

export interface Inference {
  estimate: number;
  se: number;
  ci: [number, number];
  /** Two-sided p-value of H₀: effect = 0. */
  pValue: number;
  sequential: boolean;
}

/** Why these options cannot be used (α outside (0, 1), N* < 1 or not finite), or null. */
export function optionsProblem(options: InferenceOptions): string | null {
  if (options.sequential) return sequentialProblem(options.alpha, options.sequential.tuning);
  return options.alpha > 0 && options.alpha < 1 ? null : `alpha = ${options.alpha} must lie in (0, 1)`;
}

/**
 * A proportion's options for its current phase: under the design boundary the exact phase
 * (few events) spends 10 % of α and the normal phase 90 % (sequential-design.ts); otherwise unchanged.
 */
export function phaseOptions(options: InferenceOptions, exactPhase: boolean): InferenceOptions {
  if (options.sequential?.boundary !== "design") return options;
  return { ...options, sequential: { ...options.sequential, spend: phaseSpend(exactPhase ? "exact" : "normal") } };
}

/** Half-width of the (1 − α) interval or confidence sequence. */
export function halfwidthOf(d: DifferenceEstimate, options: InferenceOptions): number {
  if (options.sequential?.boundary === "design")
    return designMultiplier(d.nTotal, options.sequential.tuning, options.alpha, options.sequential.spend) * d.se;
  if (options.sequential) {
    const rho = sequentialRho(options.alpha, options.sequential.tuning);
    return sequentialHalfwidth(d.se, d.nTotal, rho, options.alpha);
  }
  return tQuantile(1 - options.alpha / 2, d.df) * d.se;
}

/** Two-sided p-value of H₀: effect = θ₀ (θ₀ = 0 is the usual test; a margin shifts it). */
export function pValueAt(d: DifferenceEstimate, theta0: number, options: InferenceOptions): number {
  const z = (d.estimate - theta0) / d.se;
  if (options.sequential?.boundary === "design")
    return designPValue(z, d.nTotal, options.sequential.tuning, options.alpha, options.sequential.spend);
  if (options.sequential) {
    return sequentialPValue(z, d.nTotal, sequentialRho(options.alpha, options.sequential.tuning));
  }
  return twoSidedP(z, d.df);
}

export function infer(d: DifferenceEstimate, options: InferenceOptions): Inference {
  const h = halfwidthOf(d, options);
  return {
    estimate: d.estimate,
    se: d.se,
    ci: [d.estimate - h, d.estimate + h],
    pValue: pValueAt(d, 0, options),
    sequential: options.sequential !== undefined,
  };
}
