/**
 * Policy evaluation: offline gates, live and burn-in gates, how verdicts
 * combine, plain-language summaries, promotion windows and SLO burn rates.
 * Pure: no I/O, no clock (pass `now`). Reference: docs/policy.md.
 */
export * from "./types.js";
export { conditionKind } from "./kinds/index.js";
export { conditionLabel } from "./label.js";
export { formatDifference, formatInterval, formatNumber, formatValue } from "./format.js";
export { evaluateOfflineGate, type OfflineCandidate, type OfflineChampion, type OfflineOptions } from "./offline-gate.js";
export { evaluateLiveGate } from "./live-gate.js";
export { displayUnit } from "./live-readings.js";
export type { LiveGateEvaluation, LiveGateInput, LiveMetric, LiveReadings, SrmStatus } from "./live-types.js";
export { summarize, type SummaryContext } from "./summary.js";
export { describeResult, summaryLine } from "./describe.js";
export { inPromotionWindow, parseHours, type PromotionWindowSpec, type Weekday, type WindowStatus } from "./promotion-window.js";
export {
  describeBurnRate,
  evaluateSlos,
  sloWindows,
  type SloEvaluation,
  type SloRuleResult,
  type SloRuleSpec,
  type SloSpec,
} from "./slo.js";
