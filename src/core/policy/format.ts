/**
 * Numbers for people: proportions as percentages with "pts" for differences,
 * milliseconds, dollars, plain numbers otherwise. Deterministic (no locale).
 */
import type { EstimateScale } from "./types.js";

function group(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 61000 → "61,000"; 182.4 → "182.4"; 180 → "180"; 12 → "12"; 1.25 → "1.25"; 0.0153 → "0.0153". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  const sign = x < 0 ? "-" : "";
  if (a >= 1000) return sign + group(Math.round(a).toString());
  return sign + String(Number(a.toPrecision(a >= 100 ? 4 : 3)));
}

/** Percentages keep one decimal at least, so 1 % reads "1.0" beside "4.8". */
function formatPercentNumber(x: number): string {
  const text = formatNumber(x);
  return /^-?\d+$/.test(text) && Math.abs(x) < 100 ? `${text}.0` : text;
}

const withSign = (x: number, body: string): string => (x > 0 ? `+${body}` : x < 0 ? `-${body}` : body);

/** Whether a unit means "a proportion in [0, 1], shown as a percentage". */
export function isPercentUnit(unit: string | undefined): boolean {
  return unit === "%" || unit === "proportion";
}

/** A value in its unit: "4.8 %", "182 ms", "$61,000", "0.335". */
export function formatValue(x: number, unit?: string): string {
  if (isPercentUnit(unit)) return `${formatPercentNumber(x * 100)} %`;
  if (unit === "$" || unit === "usd" || unit === "USD") return x < 0 ? `-$${formatNumber(-x)}` : `$${formatNumber(x)}`;
  if (unit) return `${formatNumber(x)} ${unit}`;
  return formatNumber(x);
}

/** A signed difference: "+3.8 pts", "+12 ms", "-$2,000", "+4.2 % relative", "+0.025". */
export function formatDifference(x: number, unit?: string, scale: EstimateScale = "absolute"): string {
  const a = Math.abs(x);
  if (scale === "relative") return `${withSign(x, formatNumber(a * 100))} % relative`;
  if (scale === "psi") return `PSI ${formatNumber(x)}`;
  if (isPercentUnit(unit)) return `${withSign(x, formatPercentNumber(a * 100))} pts`;
  if (unit === "$" || unit === "usd" || unit === "USD") return withSign(x, `$${formatNumber(a)}`);
  if (unit) return `${withSign(x, formatNumber(a))} ${unit}`;
  return withSign(x, formatNumber(a));
}

/** Interval bounds without repeating the unit: "+3.1 to +4.5". */
export function formatInterval(ci: readonly [number, number], unit?: string, scale: EstimateScale = "absolute"): string {
  const bare = (x: number): string => {
    const a = Math.abs(x);
    if (scale === "relative") return `${withSign(x, formatNumber(a * 100))} %`;
    if (isPercentUnit(unit)) return withSign(x, formatPercentNumber(a * 100));
    if (unit === "$" || unit === "usd" || unit === "USD") return withSign(x, `$${formatNumber(a)}`);
    return withSign(x, formatNumber(a));
  };
  return `${bare(ci[0])} to ${bare(ci[1])}`;
}

/** p-values: "p = 0.012", "p < 0.0001". */
export function formatP(p: number): string {
  return p < 1e-4 ? "p < 0.0001" : `p = ${Number(p.toPrecision(2))}`;
}

/** Hours as "5 min", "1 h", "3 d". */
export function formatHours(hours: number): string {
  const short = (x: number): string => String(Number(x.toPrecision(3)));
  if (hours < 1) return `${short(hours * 60)} min`;
  if (hours < 48) return `${short(hours)} h`;
  return `${short(hours / 24)} d`;
}
