import { CURRENT_HASH_VERSION, planProblems, type TrafficPlan } from "../core/assignment/traffic-plan.js";
import type { ResolveErrorCode } from "./types.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function everyItem(value: unknown, check: (item: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(value) && value.every((item) => isRecord(item) && check(item));
}

/** Types of every field the assignment reads; planProblems then checks the rules. */
function hasPlanShape(value: unknown): value is TrafficPlan {
  if (!isRecord(value)) return false;
  return (
    typeof value.seed === "string" &&
    typeof value.slots === "number" &&
    everyItem(value.arms, (arm) => typeof arm.alias === "string" && typeof arm.slot === "number" && typeof arm.weight === "number") &&
    everyItem(value.shadow, (target) => typeof target.alias === "string" && typeof target.sample === "number") &&
    isRecord(value.overrides) &&
    Object.values(value.overrides).every((alias) => typeof alias === "string")
  );
}

/** The plan if the SDK can evaluate it, otherwise the error code every unit of the program gets. */
export function checkPlan(value: unknown): { plan: TrafficPlan } | { errorCode: ResolveErrorCode } {
  if (isRecord(value) && value.hashVersion !== CURRENT_HASH_VERSION && typeof value.hashVersion === "number") {
    return { errorCode: "UNSUPPORTED_HASH_VERSION" };
  }
  if (!hasPlanShape(value) || planProblems(value).length > 0) return { errorCode: "INVALID_PLAN" };
  return { plan: value };
}
