/** Every kind of condition, in the order a condition is matched against them (the first whose field is set). */
import { bound } from "./bound.js";
import { delta } from "./delta.js";
import type { ConditionKindSpec } from "./kind.js";
import { test } from "./test.js";
import type { ConditionKind, PolicyCondition } from "../types.js";

export const CONDITION_KINDS: readonly ConditionKindSpec[] = [test, delta, bound];

/** The kind of a metric condition (undefined: it sets no requirement). Checks are handled apart: they name no metric. */
export function kindOf(c: PolicyCondition, kinds: readonly ConditionKindSpec[] = CONDITION_KINDS): ConditionKindSpec | undefined {
  return kinds.find((k) => k.is(c));
}

/** A condition's kind as written, or its kind's default (a superiority test is a success criterion), else a guardrail. */
export function conditionKind(c: PolicyCondition, kinds: readonly ConditionKindSpec[] = CONDITION_KINDS): ConditionKind {
  return c.kind ?? kindOf(c, kinds)?.defaultKind?.(c) ?? "guardrail";
}
