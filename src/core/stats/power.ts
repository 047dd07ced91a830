/**
 * Power, minimum detectable effect, sample size per arm and time to decision.
 * Normal approximations unless stated; the exact-t sample size integrates the
 * noncentral t over the χ² density of the variance estimate.
 */
import { chiSquarePdf, normalCdf, normalQuantile, tQuantile } from "./distributions.js";
import { requireAtLeast, requireFinite, requireOpenUnit, StatsInputError } from "./input-error.js";
import { integrate } from "./numeric.js";
import { insufficient, ok, type StatResult } from "./result.js";
import { sequentialMultiplier, sequentialRho } from "./sequential.js";

/**
 * Variance of the challenger − champion estimate.
 * relative: v_b/(m_a² n_b) + v_a m_b²/(m_a⁴ n_a); absolute: v_b/n_b + v_a/n_a.
 */
export function frequentistVariance(
  varA: number,
  meanA: number,
  nA: number,
  varB: number,
  meanB: number,
  nB: number,
  relative: boolean,
): number {
  if (!relative) return varB / nB + varA / nA;
  return varB / (meanA * meanA * nB) + (varA * meanB * meanB) / (meanA ** 4 * nA);
}

export interface PowerInput {
  /** Baseline mean (conversion rate for proportions). */
  mean: number;
  /** Per-unit variance (p(1 − p) for proportions). */
  variance: number;
  /** Relative effect to detect, e.g. 0.05 for +5 %. */
  effect: number;
  /** Total units over all variations. */
  nTotal: number;
  nVariations: number;
  alpha: number;
  twoTailed?: boolean;
  /** Tuning N* of the confidence sequence; absent ⇒ fixed horizon. */
  sequentialTuning?: number;
}

/** Ratio by which the always-valid half-width exceeds the fixed one at time n. */
function sequentialFactor(n: number, alpha: number, tuning: number): number {
  return sequentialMultiplier(n, sequentialRho(alpha, tuning), alpha) / normalQuantile(1 - alpha / 2);
}

/**
 * Power of the relative-lift test (GrowthBook power.ts): the control variance is
 * reused for both arms and the treatment mean is m(1 + effect).
 * power = 1 − Φ(z* − eff/se) + Φ(−z* − eff/se).
 */
export function relativePower(input: PowerInput): number {
  const twoTailed = input.twoTailed ?? true;
  const nA = input.nTotal / input.nVariations;
  let se = Math.sqrt(frequentistVariance(input.variance, input.mean, nA, input.variance, input.mean * (1 + input.effect), nA, true));
  if (input.sequentialTuning !== undefined) se *= sequentialFactor(2 * nA, input.alpha, input.sequentialTuning);
  const zStar = normalQuantile(twoTailed ? 1 - input.alpha / 2 : 1 - input.alpha);
  const standardized = input.effect / se;
  let power = 1 - normalCdf(zStar - standardized);
  if (twoTailed) power += normalCdf(-zStar - standardized);
  return power;
}

/**
 * Relative MDE at the target power: the root x of a x² + b x + c = 0 with
 * a = 1 − z²s²/m², b = −2m, c = m² − z²s², z = z₁₋α/₂ − z₁₋power, s² = v/n_A;
 * MDE = (x − m)/m.
 */
export function relativeMde(input: Omit<PowerInput, "effect"> & { power: number }): StatResult<{ mde: number }> {
  if (input.power <= input.alpha) return insufficient("power must exceed alpha");
  const nA = input.nTotal / input.nVariations;
  const z = normalQuantile(1 - input.alpha / 2) - normalQuantile(1 - input.power);
  const m = input.mean;
  let v = input.variance;
  if (input.sequentialTuning !== undefined) v *= sequentialFactor(2 * nA, input.alpha, input.sequentialTuning) ** 2;
  if (nA <= (v * z * z) / (m * m)) return insufficient("too few units for any detectable effect");
  const s2 = v / nA;
  const a = 1 - (z * z * s2) / (m * m);
  const b = -2 * m;
  const c = m * m - z * z * s2;
  const x = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return ok({ mde: (x - m) / m });
}

export interface ProportionSampleSizeInput {
  baseline: number;
  /** Absolute difference p₂ − p₁ to detect. */
  effect: number;
  alpha: number;
  power: number;
  /** "unpooled": variance under H₁ only; "pooled": Fleiss, pooled variance under H₀ (no continuity correction). */
  method?: "unpooled" | "pooled";
}

/** Units per arm to detect p₁ → p₂ with a two-sided test; rounded up. */
export function proportionSampleSize(input: ProportionSampleSizeInput): { raw: number; n: number } {
  const p1 = input.baseline;
  const p2 = p1 + input.effect;
  requireOpenUnit("baseline", p1);
  requireOpenUnit("alpha", input.alpha);
  requireOpenUnit("power", input.power);
  if (!(input.effect !== 0 && p2 > 0 && p2 < 1))
    throw new StatsInputError("effect", `baseline + effect must lie in (0, 1) and effect ≠ 0, got ${p2}`);
  const za = normalQuantile(1 - input.alpha / 2);
  const zb = normalQuantile(input.power);
  const v1 = p1 * (1 - p1) + p2 * (1 - p2);
  const d2 = (p2 - p1) ** 2;
  let raw: number;
  if ((input.method ?? "unpooled") === "unpooled") raw = ((za + zb) ** 2 * v1) / d2;
  else {
    const pbar = (p1 + p2) / 2;
    raw = (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(v1)) ** 2 / d2;
  }
  return { raw, n: Math.ceil(raw - 1e-9) };
}

/** Units per arm for a difference of means δ with per-unit sd σ: n = 2σ²(z₁₋α/₂ + z₁₋β)²/δ². */
export function meanSampleSize(sigma: number, effect: number, alpha: number, power: number): { raw: number; n: number } {
  requirePowerInputs(sigma, effect, alpha, power);
  if (effect === 0) throw new StatsInputError("effect", "must be non-zero: no sample size detects a zero effect");
  const raw = (2 * sigma * sigma * (normalQuantile(1 - alpha / 2) + normalQuantile(power)) ** 2) / (effect * effect);
  return { raw, n: Math.ceil(raw - 1e-9) };
}

/**
 * Exact power of the two-sided equal-variance t test with n per arm:
 * P(|T'| > t_c), T' noncentral t with df = 2n − 2, ncp = δ/(σ sqrt(2/n)),
 * computed as E_W[Φ(ncp − t_c sqrt(W/df)) + Φ(−ncp − t_c sqrt(W/df))], W ~ χ²_df.
 */
export function tTestPower(nPerArm: number, sigma: number, effect: number, alpha: number): number {
  requireAtLeast("nPerArm", nPerArm, 2);
  requirePowerInputs(sigma, effect, alpha, 0.5);
  if (effect === 0) return alpha;
  const df = 2 * nPerArm - 2;
  const ncp = effect / (sigma * Math.sqrt(2 / nPerArm));
  const tc = tQuantile(1 - alpha / 2, df);
  // Beyond 10⁶ df the variance estimate is exact to 1e-3 relative: the z power is the t power.
  if (df > 1e6) return Math.min(1, normalCdf(ncp - tc) + normalCdf(-ncp - tc));
  const f = (w: number): number => {
    const s = tc * Math.sqrt(w / df);
    return chiSquarePdf(w, df) * (normalCdf(ncp - s) + normalCdf(-ncp - s));
  };
  const width = 12 * Math.sqrt(2 * df);
  return integrate(f, Math.max(0, df - width), df + width, 1e-12);
}

/** Smallest n per arm whose exact t-test power reaches the target. */
export function meanSampleSizeExactT(sigma: number, effect: number, alpha: number, power: number): number {
  const start = Math.max(2, meanSampleSize(sigma, effect, alpha, power).n - 2);
  // The exact t needs at most a handful more units than the normal formula; bound the walk anyway.
  for (let n = start; n < start + 1000; n++) if (tTestPower(n, sigma, effect, alpha) >= power) return n;
  return start + 1000;
}

function requirePowerInputs(sigma: number, effect: number, alpha: number, power: number): void {
  if (!(Number.isFinite(sigma) && sigma > 0)) throw new StatsInputError("sigma", `must be a finite number > 0, got ${sigma}`);
  requireFinite("effect", effect);
  requireOpenUnit("alpha", alpha);
  requireOpenUnit("power", power);
}

export interface TimeToDecisionInput {
  /** Absolute effect to detect (challenger − champion, metric units). */
  effect: number;
  /** Per-unit variances. */
  varianceChampion: number;
  varianceChallenger: number;
  /** Units observed so far. */
  nChampion: number;
  nChallenger: number;
  /** Units arriving per hour in each arm at the current split. */
  ratePerHourChampion: number;
  ratePerHourChallenger: number;
  alpha: number;
  power: number;
  sequentialTuning?: number;
}

export interface TimeToDecision {
  hours: number;
  nChampion: number;
  nChallenger: number;
}

function powerAt(input: TimeToDecisionInput, na: number, nb: number): number {
  const se = Math.sqrt(input.varianceChampion / na + input.varianceChallenger / nb);
  const crit =
    input.sequentialTuning === undefined
      ? normalQuantile(1 - input.alpha / 2)
      : sequentialMultiplier(na + nb, sequentialRho(input.alpha, input.sequentialTuning), input.alpha);
  return normalCdf(Math.abs(input.effect) / se - crit);
}

/**
 * Hours of traffic, at the current rates, until the test has the target power
 * for `effect` (fixed-horizon or always-valid critical value). 0 if already there.
 */
export function timeToDecision(input: TimeToDecisionInput): StatResult<TimeToDecision> {
  if (!(input.effect !== 0 && input.varianceChampion > 0 && input.varianceChallenger > 0)) {
    return insufficient("effect and variances must be non-zero");
  }
  const at = (h: number): [number, number] => [
    Math.max(1, input.nChampion + input.ratePerHourChampion * h),
    Math.max(1, input.nChallenger + input.ratePerHourChallenger * h),
  ];
  const [na0, nb0] = at(0);
  if (powerAt(input, na0, nb0) >= input.power) return ok({ hours: 0, nChampion: na0, nChallenger: nb0 });
  if (!(input.ratePerHourChampion > 0 && input.ratePerHourChallenger > 0)) return insufficient("no traffic");
  let hi = 1;
  while (powerAt(input, ...at(hi)) < input.power) {
    hi *= 2;
    if (hi > 1e9) return insufficient("effect not detectable at this traffic");
  }
  let lo = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-6 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(input, ...at(mid)) >= input.power) hi = mid;
    else lo = mid;
  }
  const [na, nb] = at(hi);
  return ok({ hours: hi, nChampion: na, nChallenger: nb });
}
