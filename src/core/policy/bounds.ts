/**
 * Comparisons of a value with a bound. `min`/`max` are inclusive, and a value
 * equal to the bound up to floating-point rounding passes: "F1 at least +0.015"
 * must accept 0.325 − 0.31, which is 0.01499999… in binary. `gt`/`lt` are
 * strict: "net benefit > $40,000" refuses exactly 40,000 (and anything within
 * rounding of it).
 */

/** Slack for rounding: a few ulps relative to the magnitudes involved. */
export function tolerance(...magnitudes: number[]): number {
  return 1e-9 * Math.max(1, ...magnitudes.map((m) => Math.abs(m)));
}

/** True when min ≤ x ≤ max (each side optional), with rounding slack. */
export function withinBounds(x: number, min: number | undefined, max: number | undefined, slack = tolerance(x)): boolean {
  if (min !== undefined && x < min - slack) return false;
  if (max !== undefined && x > max + slack) return false;
  return true;
}

export type DeltaResult = { ok: true; estimate: number } | { ok: false; reason: string };

/** candidate − champion, or (candidate − champion)/|champion| when relative. */
export function deltaOf(candidate: number, champion: number, relative: boolean): DeltaResult {
  if (!relative) return { ok: true, estimate: candidate - champion };
  if (champion === 0) return { ok: false, reason: "relative delta undefined: the champion's value is 0" };
  return { ok: true, estimate: (candidate - champion) / Math.abs(champion) };
}

/** Why a bound holds or not, e.g. "0.335 ≥ 0.2", "0.18 < 0.2", "0.1 ≤ 0.15 ≤ 0.2". */
export function boundReason(
  x: number,
  min: number | undefined,
  max: number | undefined,
  passed: boolean,
  show: (v: number) => string = String,
): string {
  if (passed) {
    if (min !== undefined && max !== undefined) return `${show(min)} ≤ ${show(x)} ≤ ${show(max)}`;
    return min !== undefined ? `${show(x)} ≥ ${show(min)}` : `${show(x)} ≤ ${show(max ?? Number.NaN)}`;
  }
  if (min !== undefined && x < min) return `${show(x)} < ${show(min)}`;
  return `${show(x)} > ${show(max ?? Number.NaN)}`;
}

/** The `bounds` field of a result: only the sides that are set. */
export function boundsOf(min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/** The bounds a condition sets on a value: inclusive min/max, strict gt/lt (at most one per side). */
export interface ValueBounds {
  min?: number | undefined;
  max?: number | undefined;
  gt?: number | undefined;
  lt?: number | undefined;
}

export function hasBounds(b: ValueBounds): boolean {
  return b.min !== undefined || b.max !== undefined || b.gt !== undefined || b.lt !== undefined;
}

/** Whether x satisfies every side, with rounding slack (which loosens inclusive sides and tightens strict ones). */
export function satisfies(x: number, b: ValueBounds): boolean {
  const slack = tolerance(x, b.min ?? 0, b.max ?? 0, b.gt ?? 0, b.lt ?? 0);
  if (!withinBounds(x, b.min, b.max, slack)) return false;
  if (b.gt !== undefined && !(x > b.gt + slack)) return false;
  if (b.lt !== undefined && !(x < b.lt - slack)) return false;
  return true;
}

/** "0.335 ≥ 0.2", "40000 ≤ 40000, needs > 40000", "0.1 ≤ 0.15 < 0.2". */
export function boundsReason(x: number, b: ValueBounds, passed: boolean, show: (v: number) => string = String): string {
  if (b.gt === undefined && b.lt === undefined) return boundReason(x, b.min, b.max, passed, show);
  const lower = b.gt !== undefined ? `${show(b.gt)} < ` : b.min !== undefined ? `${show(b.min)} ≤ ` : "";
  const upper = b.lt !== undefined ? ` < ${show(b.lt)}` : b.max !== undefined ? ` ≤ ${show(b.max)}` : "";
  if (passed && lower && upper) return `${lower}${show(x)}${upper}`;
  if (passed)
    return b.gt !== undefined
      ? `${show(x)} > ${show(b.gt)}`
      : b.lt !== undefined
        ? `${show(x)} < ${show(b.lt)}`
        : boundReason(x, b.min, b.max, passed, show);
  if (b.gt !== undefined && !(x > b.gt)) return `${show(x)} ≤ ${show(b.gt)} (needs > ${show(b.gt)})`;
  if (b.lt !== undefined && !(x < b.lt)) return `${show(x)} ≥ ${show(b.lt)} (needs < ${show(b.lt)})`;
  return boundReason(x, b.min, b.max, passed, show);
}

/** The `bounds` field of a result: only the sides that are set. */
export function valueBoundsOf(b: ValueBounds): { min?: number; max?: number; gt?: number; lt?: number } {
  return { ...boundsOf(b.min, b.max), ...(b.gt !== undefined ? { gt: b.gt } : {}), ...(b.lt !== undefined ? { lt: b.lt } : {}) };
}

/** The number a bound is held to (for charts): the lower side if any, else the upper. */
export function thresholdOf(b: ValueBounds): number | undefined {
  return b.min ?? b.gt ?? b.max ?? b.lt;
}
