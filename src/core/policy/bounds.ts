/**
 * Comparisons of a value with a bound. Bounds are inclusive, and a value equal
 * to the bound up to floating-point rounding passes: "F1 at least +0.015" must
 * accept 0.325 − 0.31, which is 0.01499999… in binary.
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
export function boundReason(x: number, min: number | undefined, max: number | undefined, passed: boolean, show: (v: number) => string = String): string {
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
