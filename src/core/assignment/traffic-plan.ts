/**
 * A traffic plan says how a program's units are split between its champion and
 * its challengers. It is plain data, written by people or by the rollout
 * controller and evaluated locally by every SDK.
 *
 * The bucket space [0, 2^32) is cut into `slots` equal slots. Each challenger arm
 * owns one slot and takes the first `weight` of the whole space inside it,
 * starting at the slot's beginning. Raising an arm's weight therefore only
 * extends its range: nobody already in it leaves (ramp-monotone). Everyone not
 * in an arm's range gets the champion. An arm's weight is at most 1/slots.
 */
export const BUCKET_SPACE = 2 ** 32;
export const CURRENT_HASH_VERSION = 1;
export const CHAMPION = "champion";

export interface TrafficArm {
  /** Alias that serves this arm's units, e.g. "challenger". */
  alias: string;
  /** Index of the slot the arm owns, in [0, slots). */
  slot: number;
  /** Share of all units, in [0, 1/slots]. */
  weight: number;
}

export interface ShadowTarget {
  /** Alias invoked in the shadow of the champion; its answer is recorded, never served. */
  alias: string;
  /** Share of the champion's units for which the shadow call is due, in [0, 1]. */
  sample: number;
}

export interface TrafficPlan {
  hashVersion: number;
  seed: string;
  slots: number;
  arms: TrafficArm[];
  shadow: ShadowTarget[];
  /** Per-unit overrides for debugging: unit id → alias. */
  overrides: Record<string, string>;
}

/** A plan that sends every unit to the champion. */
export function championOnlyPlan(seed: string): TrafficPlan {
  return { hashVersion: CURRENT_HASH_VERSION, seed, slots: 1, arms: [], shadow: [], overrides: {} };
}

export interface PlanProblem {
  path: string;
  message: string;
}

/** Lists every rule the plan breaks; an empty list means it is valid. */
export function planProblems(plan: TrafficPlan): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (plan.hashVersion !== CURRENT_HASH_VERSION) {
    problems.push({ path: "hashVersion", message: `unsupported hash version ${plan.hashVersion}; supported: ${CURRENT_HASH_VERSION}` });
  }
  if (!Number.isInteger(plan.slots) || plan.slots < 1 || plan.slots > 64) {
    problems.push({ path: "slots", message: "must be an integer from 1 to 64" });
  }
  const seenSlots = new Set<number>();
  const seenAliases = new Set<string>();
  plan.arms.forEach((arm, i) => {
    if (arm.alias === CHAMPION) problems.push({ path: `arms.${i}.alias`, message: "the champion is the default arm and cannot be listed" });
    if (seenAliases.has(arm.alias)) problems.push({ path: `arms.${i}.alias`, message: `alias "${arm.alias}" is listed twice` });
    seenAliases.add(arm.alias);
    if (!Number.isInteger(arm.slot) || arm.slot < 0 || arm.slot >= plan.slots) {
      problems.push({ path: `arms.${i}.slot`, message: `must be an integer in [0, ${plan.slots - 1}]` });
    } else if (seenSlots.has(arm.slot)) {
      problems.push({ path: `arms.${i}.slot`, message: `slot ${arm.slot} is used twice` });
    }
    seenSlots.add(arm.slot);
    if (!(arm.weight >= 0 && arm.weight <= 1 / plan.slots + 1e-12)) {
      problems.push({ path: `arms.${i}.weight`, message: `must be between 0 and ${1 / plan.slots} (1/slots)` });
    }
  });
  plan.shadow.forEach((target, i) => {
    if (target.alias === CHAMPION) problems.push({ path: `shadow.${i}.alias`, message: "the champion cannot shadow itself" });
    if (!(target.sample >= 0 && target.sample <= 1)) problems.push({ path: `shadow.${i}.sample`, message: "must be between 0 and 1" });
  });
  return problems;
}

/** Bucket range [start, end) that an arm covers. */
export function armRange(plan: Pick<TrafficPlan, "slots">, arm: Pick<TrafficArm, "slot" | "weight">): [number, number] {
  const start = Math.floor((arm.slot * BUCKET_SPACE) / plan.slots);
  const slotEnd = Math.floor(((arm.slot + 1) * BUCKET_SPACE) / plan.slots);
  const end = Math.min(slotEnd, start + Math.floor(arm.weight * BUCKET_SPACE));
  return [start, end];
}

/** Share of units each alias receives under the plan, champion included. */
export function planWeights(plan: TrafficPlan): Record<string, number> {
  const weights: Record<string, number> = {};
  let rest = 1;
  for (const arm of plan.arms) {
    const [start, end] = armRange(plan, arm);
    const share = (end - start) / BUCKET_SPACE;
    weights[arm.alias] = share;
    rest -= share;
  }
  weights[CHAMPION] = Math.max(0, rest);
  return weights;
}
