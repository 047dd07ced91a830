/**
 * Per-unit accumulation for unit-level metrics ("revenue per user", "converted
 * at least once", cost per request over users). One record per (variant,
 * segment, unit); storage grows with units, not events.
 */
import type { MeanStats, ProportionStats, RatioStats } from "../stats/sufficient-stats.js";
import type { Quantity } from "./metric.js";

export interface UnitTotals {
  exposed: boolean;
  requests: number;
  errors: number;
  cost: number;
  /** event name → [count, Σ value] */
  events: Record<string, [number, number]>;
}

export const emptyUnit = (): UnitTotals => ({ exposed: false, requests: 0, errors: 0, cost: 0, events: {} });

export function mergeUnits(a: UnitTotals, b: UnitTotals): UnitTotals {
  const events = { ...a.events };
  for (const [k, [c, s]] of Object.entries(b.events)) {
    const prev = events[k] ?? [0, 0];
    events[k] = [prev[0] + c, prev[1] + s];
  }
  return { exposed: a.exposed || b.exposed, requests: a.requests + b.requests, errors: a.errors + b.errors, cost: a.cost + b.cost, events };
}

export function quantityOf(u: UnitTotals, q: Quantity): number {
  switch (q.type) {
    case "requests":
      return u.requests;
    case "errors":
      return u.errors;
    case "cost":
      return u.cost;
    case "event": {
      const e = u.events[q.event];
      return e ? (q.field === "count" ? e[0] : e[1]) : 0;
    }
  }
}

/**
 * Sufficient statistics over the units that were exposed (a unit that saw the
 * variant but did nothing counts as a zero, which is what makes the metric per user).
 */
export function unitMeanStats(units: Iterable<UnitTotals>, q: Quantity): MeanStats {
  const s = { n: 0, sum: 0, sumSquares: 0 };
  for (const u of units) {
    if (!u.exposed) continue;
    const x = quantityOf(u, q);
    s.n++;
    s.sum += x;
    s.sumSquares += x * x;
  }
  return s;
}

export function unitProportionStats(units: Iterable<UnitTotals>, q: Quantity): ProportionStats {
  const s = { n: 0, successes: 0 };
  for (const u of units) {
    if (!u.exposed) continue;
    s.n++;
    if (quantityOf(u, q) > 0) s.successes++;
  }
  return s;
}

export function unitRatioStats(units: Iterable<UnitTotals>, numerator: Quantity, denominator: Quantity): RatioStats {
  const s = { n: 0, numeratorSum: 0, numeratorSumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
  for (const u of units) {
    if (!u.exposed) continue;
    const x = quantityOf(u, numerator);
    const y = quantityOf(u, denominator);
    s.n++;
    s.numeratorSum += x;
    s.numeratorSumSquares += x * x;
    s.denominatorSum += y;
    s.denominatorSumSquares += y * y;
    s.crossSum += x * y;
  }
  return s;
}
