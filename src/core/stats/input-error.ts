/**
 * The typed error of a statistics function that returns a bare number (or
 * tuple) and was given an input outside its domain: NaN, ±Infinity, a
 * negative count, a probability outside (0, 1)… Functions that return a
 * `StatResult` report the same conditions as `insufficient_data` instead.
 * Either way no NaN ever leaves the engine labelled "ok".
 */
export class StatsInputError extends RangeError {
  override readonly name = "StatsInputError";
  constructor(
    /** The offending parameter, e.g. "alpha" or "successes". */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Throws unless x is a finite number. */
export function requireFinite(field: string, x: number): void {
  if (!Number.isFinite(x)) throw new StatsInputError(field, `must be a finite number, got ${x}`);
}

/** Throws unless 0 < p < 1. */
export function requireOpenUnit(field: string, p: number): void {
  if (!(p > 0 && p < 1)) throw new StatsInputError(field, `must lie strictly between 0 and 1, got ${p}`);
}

/** Throws unless x is a finite number ≥ min. */
export function requireAtLeast(field: string, x: number, min: number): void {
  if (!(Number.isFinite(x) && x >= min)) throw new StatsInputError(field, `must be a finite number ≥ ${min}, got ${x}`);
}

/** A reason when alpha or a count is unusable, for functions returning StatResult. */
export function countProblem(n: number, successes?: number): string | null {
  if (!(Number.isFinite(n) && n >= 0)) return `n = ${n} is not a finite count`;
  if (successes === undefined) return null;
  if (!(Number.isFinite(successes) && successes >= 0)) return `successes = ${successes} is not a finite count`;
  if (successes > n) return `successes (${successes}) exceed n (${n})`;
  return null;
}
