/**
 * A port of Kayenta's NetflixACAJudge (spinnaker/kayenta): each metric is
 * classified by the Mann–Whitney shift interval against a tolerance band of
 * ±25 % of the Hodges–Lehmann estimate; the run is scored by a weighted sum
 * of group pass rates and classified Pass / Marginal / Fail.
 */
import { mannWhitney } from "./mann-whitney.js";

export type KayentaClassification = "Pass" | "High" | "Low" | "Nodata" | "NodataFailMetric";
/** Which movement counts as a failure: "increase" fails on High, "decrease" on Low. */
export type KayentaDirection = "increase" | "decrease" | "either";

export interface KayentaJudgeParams {
  tolerance?: number;
  confidenceLevel?: number;
  allowedIncrease?: number;
  allowedDecrease?: number;
}

export interface KayentaMetricResult {
  classification: KayentaClassification;
  ci?: [number, number];
  estimate?: number;
  bounds?: [number, number];
  meanRatio?: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Classifies one metric from the raw experiment (canary) and control (baseline) samples. */
export function classifyKayentaMetric(
  experiment: readonly number[],
  control: readonly number[],
  direction: KayentaDirection,
  params: KayentaJudgeParams = {},
  failOnNodata = false,
): KayentaMetricResult {
  const exp = experiment.filter((v) => Number.isFinite(v));
  const ctl = control.filter((v) => Number.isFinite(v));
  if (exp.length === 0 || ctl.length === 0) return { classification: failOnNodata ? "NodataFailMetric" : "Nodata" };
  const sortedE = [...exp].sort((a, b) => a - b);
  const sortedC = [...ctl].sort((a, b) => a - b);
  if (sortedE.length === sortedC.length && sortedE.every((v, i) => v === sortedC[i])) {
    return { classification: "Pass", meanRatio: 1 };
  }
  if (new Set([...exp, ...ctl]).size === 1) return { classification: "Pass", meanRatio: 1 };
  const mw = mannWhitney(ctl, exp, { confidenceLevel: params.confidenceLevel ?? 0.98 });
  if (mw.status !== "ok") return { classification: failOnNodata ? "NodataFailMetric" : "Nodata" };
  const critical = (params.tolerance ?? 0.25) * Math.abs(mw.shift);
  const bounds: [number, number] = [-critical, critical];
  const meanRatio = mean(exp) / mean(ctl);
  const base = { ci: mw.ci, estimate: mw.shift, bounds, meanRatio };
  if (direction !== "decrease" && mw.ci[0] > critical && meanRatio >= (params.allowedIncrease ?? 1)) {
    return { classification: "High", ...base };
  }
  if (direction !== "increase" && mw.ci[1] < -critical && meanRatio <= (params.allowedDecrease ?? 1)) {
    return { classification: "Low", ...base };
  }
  return { classification: "Pass", ...base };
}

export interface ScoredMetric {
  group: string;
  classification: KayentaClassification;
  critical?: boolean;
}

export interface KayentaThresholds {
  pass: number;
  marginal: number;
}

export interface KayentaScore {
  score: number;
  classification: "Pass" | "Marginal" | "Fail";
  groupScores: Record<string, number>;
  reason?: string;
}

/** Kayenta's NODATA_THRESHOLD: at least this % of metrics without data ⇒ score 0. */
const NODATA_THRESHOLD = 50;

/**
 * Group score = 100 · #Pass / #(Pass + High + Low + NodataFailMetric), a group with
 * nothing scorable counting 100; summary = Σ score_g · w_g/100, unweighted groups
 * sharing (100 − Σw) equally; rounded to 2 d.p. Any critical non-Pass metric, or
 * ≥ 50 % Nodata, scores 0.
 */
export function scoreKayenta(
  metrics: readonly ScoredMetric[],
  groupWeights: Readonly<Record<string, number>>,
  thresholds: KayentaThresholds,
): KayentaScore {
  const groups = new Map<string, { pass: number; scored: number }>();
  for (const m of metrics) {
    const g = groups.get(m.group) ?? { pass: 0, scored: 0 };
    if (m.classification !== "Nodata") g.scored += 1;
    if (m.classification === "Pass") g.pass += 1;
    groups.set(m.group, g);
  }
  const groupScores: Record<string, number> = {};
  for (const [name, g] of groups) groupScores[name] = g.scored === 0 ? 100 : (100 * g.pass) / g.scored;
  const weighted = Object.keys(groupWeights).filter((k) => groups.has(k));
  const weightSum = weighted.reduce((s, k) => s + (groupWeights[k] ?? 0), 0);
  const unweighted = [...groups.keys()].filter((k) => groupWeights[k] === undefined);
  const share = unweighted.length > 0 ? (100 - weightSum) / unweighted.length : 0;
  let score = 0;
  for (const [name, s] of Object.entries(groupScores)) score += (s * (groupWeights[name] ?? share)) / 100;
  score = Math.round(score * 100) / 100;
  const classify = (s: number): KayentaScore["classification"] =>
    s >= thresholds.pass ? "Pass" : s >= thresholds.marginal ? "Marginal" : "Fail";
  if (metrics.some((m) => m.critical && m.classification !== "Pass")) {
    return { score: 0, classification: "Fail", groupScores, reason: "a critical metric did not pass" };
  }
  const nodata = metrics.filter((m) => m.classification === "Nodata").length;
  if (metrics.length > 0 && (100 * nodata) / metrics.length >= NODATA_THRESHOLD) {
    return { score: 0, classification: "Fail", groupScores, reason: "too many metrics without data" };
  }
  return { score, classification: classify(score), groupScores };
}
