/**
 * Numeric axes for the dashboard's charts: a domain that always holds zero
 * (so distances read true: 214 against a bound of 200 is 7 % over, not "the
 * other edge"), "nice" ticks at 1, 2 or 5 × 10^k, and tick labels in the unit
 * the numbers beside the chart use. Pure: unit-tested in axis.test.ts.
 */
import type { EstimateScale } from "../../../core/policy/types.js";
import { formatNumber, isPercentUnit } from "./format.js";

/** Ticks covering [lo, hi] with about `count` steps of 1, 2 or 5 × 10^k; the first and last enclose the range. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  // A span too small to step through (equal, or within rounding of each other) is widened around the value.
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) {
    // Around zero (or a value too small to step through: 10^-300 underflows), a unit either side.
    const d = Math.abs(lo) > 1e-200 ? Math.abs(lo) * 0.1 : 1;
    lo -= d;
    hi += d;
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  if (!(step > 0) || !Number.isFinite(step)) return [lo, hi];
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  // Rounded to 12 significant digits, so 3 × 0.1 shows as 0.3.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

export interface Axis {
  /** The domain shown, in the data's own numbers (proportions stay proportions). */
  lo: number;
  hi: number;
  ticks: Array<{ value: number; label: string }>;
  /** What the tick labels are in: "ms", "pts", "% relative", "PSI", "%", "$", or "" for plain numbers. */
  unit: string;
}

/** How tick numbers are shown for a unit: percentages ×100, differences signed. */
function display(unit: string | undefined, difference: boolean, scale: EstimateScale | undefined): { factor: number; unit: string } {
  if (difference && scale === "relative") return { factor: 100, unit: "% relative" };
  if (difference && scale === "psi") return { factor: 1, unit: "PSI" };
  if (isPercentUnit(unit)) return { factor: 100, unit: difference ? "pts" : "%" };
  if (unit === "usd" || unit === "USD") return { factor: 1, unit: "$" };
  return { factor: 1, unit: unit ?? "" };
}

/**
 * The axis of one forest-plot row or chart: every value given, and zero, inside it.
 * `difference` marks challenger − champion numbers (signed labels).
 */
export function axisFor(
  values: readonly number[],
  opts: { unit?: string | undefined; difference?: boolean; scale?: EstimateScale | undefined; count?: number } = {},
): Axis | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const d = display(opts.unit, opts.difference ?? false, opts.scale);
  const shown = [0, ...finite].map((v) => v * d.factor);
  const ticks = niceTicks(Math.min(...shown), Math.max(...shown), opts.count ?? 5);
  const sign = (t: number) => (opts.difference && t > 0 ? "+" : "");
  return {
    lo: ticks[0]! / d.factor,
    hi: ticks[ticks.length - 1]! / d.factor,
    ticks: ticks.map((t) => ({ value: t / d.factor, label: `${sign(t)}${formatNumber(t)}` })),
    unit: d.unit,
  };
}

/** Maps a value of the axis's domain onto [from, to] pixels. */
export function scaleOf(axis: Pick<Axis, "lo" | "hi">, from: number, to: number): (v: number) => number {
  const span = axis.hi - axis.lo || 1;
  return (v) => from + ((v - axis.lo) / span) * (to - from);
}
