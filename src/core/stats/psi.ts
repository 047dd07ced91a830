/**
 * Population Stability Index over a fixed binning, with a significance test.
 *
 *   PSI = Σᵢ (aᵢ − eᵢ) ln(aᵢ/eᵢ),  a, e the bin proportions (each summing to 1)
 *
 * Zero bins: ln is undefined when a proportion is 0. Arena replaces a zero
 * proportion by ε = 1e-4 *without renormalising* (a bin empty on both sides
 * then contributes exactly 0). This matches the conformance vector and keeps
 * the other bins' terms unchanged; the cost is that one bin empty on one side
 * contributes ≈ a·ln(a/ε), e.g. 0.69 for a = 0.1 — a single new category is a
 * major shift, which is the behaviour we want for a guardrail.
 *
 * Significance (Yurdakul 2018, "Statistical properties of population stability
 * index"): with counts N (reference) and M (actual) from the same distribution,
 * PSI / (1/N + 1/M) ~ χ²_{B−1} asymptotically (PSI is the symmetrised KL
 * divergence, whose scaled plug-in estimate is a likelihood-ratio-type statistic).
 */
import { chiSquareSf } from "./distributions.js";
import { insufficient, type StatResult } from "./result.js";

export const PSI_ZERO_EPSILON = 1e-4;

export type PsiBand = "none" | "moderate" | "major";

export interface PsiResult {
  psi: number;
  perBin: number[];
  band: PsiBand;
}

/** Rule-of-thumb band: < 0.1 none, 0.1–0.25 moderate, ≥ 0.25 major. */
export function psiBand(psi: number): PsiBand {
  return psi < 0.1 ? "none" : psi < 0.25 ? "moderate" : "major";
}

function normalise(values: readonly number[]): number[] | undefined {
  const total = values.reduce((s, v) => s + v, 0);
  if (!(total > 0) || values.some((v) => v < 0 || !Number.isFinite(v))) return undefined;
  return values.map((v) => v / total);
}

/**
 * PSI of `actual` against `expected` (proportions or counts; both are normalised).
 * @example populationStabilityIndex([0.1, 0.2, 0.3, 0.4], [0.12, 0.18, 0.26, 0.44]) // psi ≈ 0.0153
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = PSI_ZERO_EPSILON,
): StatResult<PsiResult> {
  if (expected.length !== actual.length) return insufficient("bin counts differ");
  if (expected.length < 2) return insufficient("fewer than two bins");
  const e = normalise(expected);
  const a = normalise(actual);
  if (!e || !a) return insufficient("a histogram is empty or has negative counts");
  const perBin = e.map((ei, i) => {
    const ai = a[i] ?? 0;
    const ee = ei > 0 ? ei : epsilon;
    const aa = ai > 0 ? ai : epsilon;
    return (aa - ee) * Math.log(aa / ee);
  });
  const psi = perBin.reduce((s, v) => s + v, 0);
  return { status: "ok" as const, psi, perBin, band: psiBand(psi) };
}

export interface PsiTestResult extends PsiResult {
  /** PSI / (1/N + 1/M). */
  statistic: number;
  df: number;
  /** P(χ²_{B−1} > statistic): small ⇒ the distributions differ. */
  pValue: number;
  nExpected: number;
  nActual: number;
}

/** PSI from raw counts with Yurdakul's χ² test of "no shift". Bins empty on both sides are dropped. */
export function psiTest(
  expectedCounts: readonly number[],
  actualCounts: readonly number[],
  epsilon = PSI_ZERO_EPSILON,
): StatResult<PsiTestResult> {
  const psi = populationStabilityIndex(expectedCounts, actualCounts, epsilon);
  if (psi.status !== "ok") return psi;
  const n = expectedCounts.reduce((s, v) => s + v, 0);
  const m = actualCounts.reduce((s, v) => s + v, 0);
  const occupied = expectedCounts.filter((v, i) => v > 0 || (actualCounts[i] ?? 0) > 0).length;
  if (occupied < 2) return insufficient("fewer than two occupied bins");
  const statistic = psi.psi / (1 / n + 1 / m);
  const df = occupied - 1;
  return {
    status: "ok" as const,
    psi: psi.psi,
    perBin: psi.perBin,
    band: psi.band,
    statistic,
    df,
    pValue: chiSquareSf(statistic, df),
    nExpected: n,
    nActual: m,
  };
}
