import { compilePlan } from "../core/assignment/assign.js";
import { fmix32, fnv1aUpdate, secondaryDraw } from "../core/assignment/hash.js";
import type { AliasTarget } from "../core/assignment/snapshot.js";
import { CHAMPION } from "../core/assignment/traffic-plan.js";
import { checkPlan } from "./plan-shape.js";
import { cleanTargets } from "./snapshot-shape.js";
import type { Resolution, ResolveErrorCode, ResolveReason, ShadowCall } from "./types.js";

const NO_SHADOW: readonly ShadowCall[] = Object.freeze([]);
/** Up to this many shadow aliases, every combination's answer is cached (2^12 at most); beyond, built per call. */
const MAX_CACHED_SHADOW_SETS = 12;

/** A frozen answer. Every Resolution is built here, so all share one object shape. */
export function resolution(
  program: string,
  alias: string,
  target: AliasTarget | undefined,
  shadow: readonly ShadowCall[],
  reason: ResolveReason,
  errorCode: ResolveErrorCode | undefined,
): Resolution {
  return Object.freeze({
    program,
    alias,
    version: target?.version ?? null,
    artifactUri: target?.artifactUri ?? null,
    config: target?.config ?? null,
    shadow,
    reason,
    errorCode,
  });
}

/**
 * One program of a snapshot, prepared so that resolving a unit hashes its id,
 * scans a few integer ranges and returns an answer built in advance: no
 * allocation on the hot path.
 */
export class CompiledProgram {
  readonly targets: Map<string, AliasTarget>;
  /** What every unit gets when the plan cannot be evaluated; null when it can. */
  private readonly fixed: Resolution | null;
  private readonly seedState: number = 0;
  private readonly starts: Float64Array = new Float64Array(0);
  private readonly ends: Float64Array = new Float64Array(0);
  private readonly armResults: Resolution[] = [];
  private readonly overrides: Map<string, Resolution> | null = null;
  private readonly championResult: Resolution;
  private readonly shadowCalls: ShadowCall[] = [];
  private readonly shadowThresholds: Float64Array = new Float64Array(0);
  private readonly shadowResults: (Resolution | undefined)[] = [];
  private readonly championFallback: (code: ResolveErrorCode) => Resolution;

  constructor(
    readonly name: string,
    entry: unknown,
  ) {
    this.targets = cleanTargets(entry);
    const champion = this.targets.get(CHAMPION);
    this.championFallback = (code) => resolution(name, CHAMPION, champion, NO_SHADOW, "error", code);
    const missing = this.championFallback("ALIAS_MISSING");
    const checked = checkPlan(typeof entry === "object" && entry !== null ? (entry as { traffic?: unknown }).traffic : undefined);
    if ("errorCode" in checked) {
      this.fixed = this.championFallback(checked.errorCode);
      this.championResult = this.fixed;
      return;
    }
    this.fixed = null;
    const compiled = compilePlan(checked.plan);
    const answer = (alias: string, reason: ResolveReason): Resolution => {
      const target = this.targets.get(alias);
      return target === undefined ? missing : resolution(name, alias, target, NO_SHADOW, reason, undefined);
    };
    const splitOrDefault = compiled.starts.length > 0 ? "split" : "default";
    this.seedState = compiled.seedState;
    this.starts = compiled.starts;
    this.ends = compiled.ends;
    this.armResults = compiled.aliases.map((alias) => answer(alias, "split"));
    this.championResult = answer(CHAMPION, splitOrDefault);
    if (compiled.hasOverrides) {
      this.overrides = new Map(Object.entries(checked.plan.overrides).map(([unit, alias]) => [unit, answer(alias, "override")]));
    }
    if (champion !== undefined) {
      const thresholds: number[] = [];
      compiled.shadowAliases.forEach((alias, i) => {
        const target = this.targets.get(alias);
        if (target === undefined) return; // an unknown shadow alias is skipped, never served anyway
        this.shadowCalls.push(Object.freeze({ alias, ...target }));
        thresholds.push(compiled.shadowThresholds[i]!);
      });
      this.shadowThresholds = Float64Array.from(thresholds);
    }
  }

  /** The answer for one unit; throws only on a bug, which the caller contains. */
  resolve(unitId: string): Resolution {
    if (this.fixed !== null) return this.fixed;
    if (typeof unitId !== "string") return this.championFallback("INVALID_UNIT_ID");
    if (this.overrides !== null) {
      const forced = this.overrides.get(unitId);
      if (forced !== undefined) return forced;
    }
    const bucket = fmix32(fnv1aUpdate(this.seedState, unitId));
    const starts = this.starts;
    const ends = this.ends;
    for (let i = 0; i < starts.length; i++) {
      if (bucket >= starts[i]! && bucket < ends[i]!) return this.armResults[i]!;
    }
    return this.shadowThresholds.length === 0 ? this.championResult : this.withShadow(bucket);
  }

  /** The champion's answer when something unexpected happened. */
  internalError(): Resolution {
    return this.championFallback("INTERNAL");
  }

  private withShadow(bucket: number): Resolution {
    const draw = secondaryDraw(bucket);
    const thresholds = this.shadowThresholds;
    if (thresholds.length > MAX_CACHED_SHADOW_SETS) {
      const due = this.shadowCalls.filter((_, i) => draw < thresholds[i]!);
      return due.length === 0 ? this.championResult : this.championWith(Object.freeze(due));
    }
    let mask = 0;
    for (let i = 0; i < thresholds.length; i++) {
      if (draw < thresholds[i]!) mask |= 1 << i;
    }
    if (mask === 0) return this.championResult;
    let cached = this.shadowResults[mask];
    if (cached === undefined) {
      cached = this.championWith(Object.freeze(this.shadowCalls.filter((_, i) => (mask & (1 << i)) !== 0)));
      this.shadowResults[mask] = cached;
    }
    return cached;
  }

  private championWith(shadow: readonly ShadowCall[]): Resolution {
    return resolution(this.name, CHAMPION, this.targets.get(CHAMPION), shadow, this.championResult.reason, undefined);
  }
}
