/**
 * Every statistic returns either a value or an explicit "insufficient data"
 * outcome: degenerate inputs (n < 2, zero variance, empty sketch…) must never
 * leak NaN into a decision, and "no data" must never read as "healthy".
 */
export interface InsufficientData {
  status: "insufficient_data";
  reason: string;
}

export type StatResult<T extends object> = ({ status: "ok" } & T) | InsufficientData;

export function insufficient(reason: string): InsufficientData {
  return { status: "insufficient_data", reason };
}

export function ok<T extends object>(value: T): { status: "ok" } & T {
  return { status: "ok", ...value };
}

export function isOk<T extends object>(result: StatResult<T>): result is { status: "ok" } & T {
  return result.status === "ok";
}

/** Two-sided interval [lower, upper]. */
export type Interval = readonly [number, number];

/** True when every number is finite: the last guard before a result leaves the engine. */
export function allFinite(...values: number[]): boolean {
  return values.every((v) => Number.isFinite(v));
}
