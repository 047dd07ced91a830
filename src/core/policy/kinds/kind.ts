/**
 * A kind of condition (a bound, a delta, a test, a check): how it is labelled
 * and judged, in one file per kind (./index.ts lists them). Adding a kind:
 * docs/walkthrough-condition-and-metric-kinds.md.
 */
import type { DifferenceType } from "../../stats/estimate.js";
import type { MetricTest } from "../../stats/metric-definition.js";
import type { OfflineChampion } from "../offline-gate.js";
import type { ConditionKind, ConditionResult, PolicyCondition } from "../types.js";

/** The fields every result of a condition starts from (id, gate, label, …). */
export type ResultStart = Pick<ConditionResult, "id" | "gate" | "label" | "required" | "kind" | "metric" | "check" | "unit">;

/** A live point judgement: the challenger's usable value, and the champion's reading (usable or why not). */
export interface LivePointArgs {
  c: PolicyCondition;
  base: ResultStart;
  /** "all" or a segment key. */
  segment: string;
  /** The result so far: base, segment, the challenger's value and n, the champion's value and n when usable. */
  known: Omit<ConditionResult, "verdict" | "reason"> & { segment: string; value: number };
  champion: { ok: true; value: number | null; n: number } | { ok: false; reason: string };
  /** A no_data result for this segment (informational outside "all"). */
  noData: (reason: string) => ConditionResult;
}

/** What a statistical kind asks the statistics engine to test, on which difference scale. */
export interface Hypothesis {
  test: MetricTest;
  difference: DifferenceType;
}

/** An offline judgement: the candidate's value, and the champion's metrics when known. */
export interface OfflineArgs {
  c: PolicyCondition;
  base: ResultStart;
  value: number;
  champion: OfflineChampion | null | undefined;
  /** The champion's value of the same metric, when it has one. */
  championValue: number | undefined;
}

export interface ConditionKindSpec {
  name: string;
  /** Whether the condition is of this kind (the field that states its requirement is set). */
  is(c: PolicyCondition): boolean;
  /** Human form without the segment suffix, e.g. "f1 ≥ 0.2" ("error_rate ≤ 1.2 %" with unit "%"). */
  label(metric: string, c: PolicyCondition, unit?: string): string;
  /** Offline gates (registry, pre-production); absent: never judged offline. */
  offline?(args: OfflineArgs): ConditionResult;
  /** Why a kind without `offline` is not judged in offline gates (reported as no_data). */
  notOffline?: string;
  /** Live and burn-in gates on point estimates; absent: not a point condition (tests go through the statistics engine). */
  live?(args: LivePointArgs): ConditionResult;
  /**
   * Live and burn-in gates through the statistics engine (../live-statistical.ts): the hypothesis
   * the engine tests, in one family with every other statistical condition (one multiple-comparison
   * correction). A kind has `live` or `hypothesis`, not both.
   */
  hypothesis?(c: PolicyCondition): Hypothesis;
  /** Live gates: what the condition is when the policy does not say (`kind:`); absent: a guardrail. */
  defaultKind?(c: PolicyCondition): ConditionKind;
}

export const raw = (x: number): string => String(x);
export const relativeText = (x: number): string => `${raw(Number((x * 100).toPrecision(12)))} %`;
