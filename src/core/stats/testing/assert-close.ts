/**
 * Test-only helpers shared by the stats test files. Kept free of imports so the
 * core's import boundary holds; the test files read the vectors themselves.
 */

export interface Tolerance {
  abs?: number;
  rel?: number;
  monte_carlo_abs?: number;
}

export interface Vector {
  name: string;
  method: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: Tolerance;
  formula: string;
  source: string;
}

/** Throws unless |actual − expected| is within tolerance (abs, or rel × |expected|). */
export function assertClose(actual: number | undefined, expected: unknown, tol: Tolerance, label = ""): void {
  if (typeof expected !== "number") throw new Error(`${label}: expected value is not a number`);
  if (actual === undefined) throw new Error(`${label}: no value`);
  const bound = tol.rel !== undefined ? tol.rel * Math.abs(expected) : (tol.abs ?? 1e-9);
  const diff = Math.abs(actual - expected);
  if (!(diff <= bound)) throw new Error(`${label}: ${actual} vs ${expected} (|Δ| = ${diff} > ${bound})`);
}

export function assertAllClose(actual: readonly number[], expected: unknown, tol: Tolerance, label = ""): void {
  if (!Array.isArray(expected) || expected.length !== actual.length) {
    throw new Error(`${label}: expected an array of ${actual.length}`);
  }
  actual.forEach((a, i) => assertClose(a, expected[i], tol, `${label}[${i}]`));
}

/** Unwraps an ok result or throws with the insufficient-data reason. */
export function must<T extends object>(r: ({ status: "ok" } & T) | { status: "insufficient_data"; reason: string }): T {
  if (r.status !== "ok") throw new Error(`unexpected insufficient data: ${r.reason}`);
  return r;
}

/** Reads nested fields of loosely typed vector JSON. */
export function field<T>(o: unknown, ...path: string[]): T {
  let cur: unknown = o;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") throw new Error(`missing ${path.join(".")}`);
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined) throw new Error(`missing ${path.join(".")}`);
  return cur as T;
}
