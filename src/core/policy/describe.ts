/**
 * Plain-language text for decision records and notifications, e.g.
 * "rolled back v49: error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5), burn rate 48× over 5 min".
 */
import { formatDifference, formatInterval, formatNumber, formatValue } from "./format.js";
import type { ConditionResult } from "./types.js";

function subject(r: ConditionResult): string {
  const name = r.metric ?? r.check ?? r.label;
  return r.segment && r.segment !== "all" ? `${name} [${r.segment}]` : name;
}

function levelOf(alpha: number | undefined): string {
  return formatNumber(Number(((1 - (alpha ?? 0.05)) * 100).toPrecision(6))).replace(/\.0$/, "");
}

/** "needs ≥ 0.2", "needs ≤ +1.0 pts", "needs ≥ 0.8 and ≤ 1.25". */
function needs(r: ConditionResult, unit: string | undefined): string {
  if (!r.bounds) return "";
  const show = (x: number): string => (r.scale === undefined ? formatValue(x, unit) : formatDifference(x, unit, r.scale));
  const sides = [
    r.bounds.min !== undefined ? `≥ ${show(r.bounds.min)}` : r.bounds.gt !== undefined ? `> ${show(r.bounds.gt)}` : "",
    r.bounds.max !== undefined ? `≤ ${show(r.bounds.max)}` : r.bounds.lt !== undefined ? `< ${show(r.bounds.lt)}` : "",
  ];
  const text = sides.filter(Boolean).join(" and ");
  return text ? `needs ${text}` : "";
}

/**
 * One result in a sentence.
 * @example describeResult({ metric: "error_rate", value: 0.048, championValue: 0.01, estimate: 0.038, ci: [0.031, 0.045], alpha: 0.05, … }, "%")
 *          // "error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5)"
 */
export function describeResult(r: ConditionResult, unit: string | undefined = r.unit): string {
  const name = subject(r);
  if (r.check !== undefined) {
    return r.verdict === "no_data" ? `check ${r.check}: no result` : `check ${r.check} ${r.verdict === "pass" ? "passed" : "failed"}`;
  }
  if (r.metric === undefined) return `${r.label}: ${r.reason}`;
  if (r.verdict === "no_data") return `${name}: no data (${r.reason})`;
  const value = r.value !== undefined ? formatValue(r.value, unit) : undefined;
  const champion = r.championValue !== undefined ? formatValue(r.championValue, unit) : undefined;
  const head = [name, value, champion !== undefined && value !== undefined ? `vs ${champion}` : undefined].filter(Boolean).join(" ");
  if (r.scale === "psi" && r.estimate !== undefined) {
    return `${name} PSI ${formatNumber(r.estimate)} (max ${formatNumber(r.threshold ?? 0.2)}${r.verdict === "inconclusive" ? ", not yet significant" : ""})`;
  }
  const parts: string[] = [];
  if (r.estimate !== undefined) parts.push(formatDifference(r.estimate, unit, r.scale));
  if (r.ci) parts.push(`${levelOf(r.alpha)} % CI ${formatInterval(r.ci, unit, r.scale)}`);
  else parts.push(needs(r, unit));
  if (r.verdict === "inconclusive") parts.push("not yet significant");
  const inner = parts.filter(Boolean).join(", ");
  return inner ? `${head} (${inner})` : head;
}

const MAX_PARTS = 3;

/**
 * The one-line summary of a decision. Shows the failed results if any, else
 * the waiting ones, else all of them (at most three, then "and N more").
 * @example summaryLine("rolled back", 49, results, "burn rate 48× over 5 min")
 *          // "rolled back v49: error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5), burn rate 48× over 5 min"
 */
export function summaryLine(
  action: string,
  version: number,
  results: readonly ConditionResult[],
  extra?: string | readonly string[],
): string {
  const failed = results.filter((r) => r.verdict === "fail");
  const waiting = results.filter((r) => r.required && (r.verdict === "no_data" || r.verdict === "inconclusive"));
  const chosen = failed.length > 0 ? failed : waiting.length > 0 ? waiting : results.filter((r) => r.required);
  const ordered = [...chosen.filter((r) => r.required), ...chosen.filter((r) => !r.required)];
  const parts = ordered.slice(0, MAX_PARTS).map((r) => describeResult(r));
  if (ordered.length > MAX_PARTS) parts.push(`and ${ordered.length - MAX_PARTS} more`);
  const extras = extra === undefined ? [] : typeof extra === "string" ? [extra] : [...extra];
  parts.push(...extras);
  return parts.length > 0 ? `${action} v${version}: ${parts.join(", ")}` : `${action} v${version}`;
}
