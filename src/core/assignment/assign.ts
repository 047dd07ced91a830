import { bucketOf, fmix32, fnv1aUpdate, secondaryDraw, seedState } from "./hash.js";
import { armRange, BUCKET_SPACE, CHAMPION, type TrafficPlan } from "./traffic-plan.js";

export type AssignmentReason = "override" | "split" | "default";

export interface Assignment {
  /** Alias that serves the unit. */
  alias: string;
  /** Aliases to invoke in the champion's shadow for this unit (answers recorded, not served). */
  shadow: string[];
  /** The unit's bucket in [0, 2^32), or -1 for an override. */
  bucket: number;
  reason: AssignmentReason;
}

/** A plan prepared for fast evaluation: seed state hashed once, ranges as integers. */
export interface CompiledPlan {
  readonly plan: TrafficPlan;
  readonly seedState: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly aliases: readonly string[];
  readonly shadowAliases: readonly string[];
  readonly shadowThresholds: Float64Array;
  readonly hasOverrides: boolean;
}

export function compilePlan(plan: TrafficPlan): CompiledPlan {
  const arms = plan.arms.filter((arm) => arm.weight > 0);
  const starts = new Float64Array(arms.length);
  const ends = new Float64Array(arms.length);
  arms.forEach((arm, i) => {
    const [start, end] = armRange(plan, arm);
    starts[i] = start;
    ends[i] = end;
  });
  const shadow = plan.shadow.filter((target) => target.sample > 0);
  return {
    plan,
    seedState: seedState(plan.seed),
    starts,
    ends,
    aliases: arms.map((arm) => arm.alias),
    shadowAliases: shadow.map((target) => target.alias),
    shadowThresholds: Float64Array.from(shadow.map((target) => Math.floor(target.sample * BUCKET_SPACE))),
    hasOverrides: Object.keys(plan.overrides).length > 0,
  };
}

const NO_SHADOW: string[] = [];

/** Alias for a unit under a compiled plan. Deterministic and sticky; never throws on a valid plan. */
export function assignCompiled(compiled: CompiledPlan, unitId: string): Assignment {
  // Own keys only: "toString" or "__proto__" must not read the prototype as an override.
  if (compiled.hasOverrides && Object.hasOwn(compiled.plan.overrides, unitId)) {
    return { alias: compiled.plan.overrides[unitId]!, shadow: NO_SHADOW, bucket: -1, reason: "override" };
  }
  const bucket = fmix32(fnv1aUpdate(compiled.seedState, unitId));
  const { starts, ends } = compiled;
  for (let i = 0; i < starts.length; i++) {
    if (bucket >= starts[i]! && bucket < ends[i]!) {
      return { alias: compiled.aliases[i]!, shadow: NO_SHADOW, bucket, reason: "split" };
    }
  }
  let shadow = NO_SHADOW;
  if (compiled.shadowAliases.length > 0) {
    const draw = secondaryDraw(bucket);
    for (let i = 0; i < compiled.shadowAliases.length; i++) {
      if (draw < compiled.shadowThresholds[i]!) {
        if (shadow === NO_SHADOW) shadow = [];
        shadow.push(compiled.shadowAliases[i]!);
      }
    }
  }
  return { alias: CHAMPION, shadow, bucket, reason: compiled.starts.length > 0 ? "split" : "default" };
}

/** Convenience form of {@link assignCompiled}; compile once when assigning many units. */
export function assign(plan: TrafficPlan, unitId: string): Assignment {
  return assignCompiled(compilePlan(plan), unitId);
}

export { bucketOf };
