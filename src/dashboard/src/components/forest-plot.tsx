/**
 * Forest plot of one challenger against the champion: a row per condition,
 * the estimate (challenger − champion) with its confidence interval, the line
 * of no difference, and the margin, threshold or bound it is held to, coloured
 * by verdict. Each row has its own scale (metrics have different units); the
 * numbers are written beside it, so the picture is never the only source.
 */
import type { ConditionResult } from "../api/types.js";
import { VerdictBadge } from "./badges.js";
import { formatDifference, formatInterval, formatValue } from "./format.js";

const W = 320;
const H = 28;
const PAD = 14;

interface Geometry {
  lo: number;
  hi: number;
  x(v: number): number;
}

function geometry(values: number[]): Geometry | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  return { lo, hi, x: (v) => PAD + ((v - lo) / (hi - lo)) * (W - 2 * PAD) };
}

/** What the dashed line means for this kind of condition. */
function thresholdName(r: ConditionResult): string {
  if (/not worse/.test(r.label)) return "margin";
  if (/better than champion by/.test(r.label)) return "minimum effect";
  return "bound";
}

function limits(r: ConditionResult): number[] {
  const out: number[] = [];
  if (r.threshold !== undefined) out.push(r.threshold);
  if (r.bounds?.min !== undefined) out.push(r.bounds.min);
  if (r.bounds?.max !== undefined) out.push(r.bounds.max);
  return [...new Set(out)];
}

function Row({ r }: { r: ConditionResult }) {
  const isDifference = r.estimate !== undefined;
  const point = isDifference ? r.estimate! : r.value;
  const lines = limits(r);
  const g = point === undefined ? null : geometry([point, ...(r.ci ?? []), ...lines, ...(isDifference && r.scale !== "psi" ? [0] : [])]);
  const show = (v: number) => (isDifference ? formatDifference(v, r.unit, r.scale) : formatValue(v, r.unit));
  // Differences: "+1.2 ms [−0.3 to +2.7] · 41 ms vs 40 ms"; values: "47.9 ms (champion 48.9 ms)".
  const champion = r.championValue !== undefined ? formatValue(r.championValue, r.unit) : null;
  const numbers =
    point === undefined
      ? r.reason
      : isDifference
        ? `${show(point)}${r.ci ? ` [${formatInterval(r.ci, r.unit, r.scale)}]` : ""}${champion !== null && r.value !== undefined ? ` · ${formatValue(r.value, r.unit)} vs ${champion}` : ""}`
        : `${show(point)}${champion !== null ? ` (champion ${champion})` : ""}`;
  const needs = lines.length > 0 ? `${thresholdName(r)} ${lines.map(show).join(", ")}` : "";
  return (
    <tr className={`forest-row verdict-row-${r.verdict}`}>
      <th scope="row">
        {r.metric ?? r.check ?? r.label}
        {r.segment && r.segment !== "all" && <span className="segment"> [{r.segment}]</span>}
        <span className="condition-label">{r.label}{r.required ? "" : " (informational)"}</span>
      </th>
      <td><VerdictBadge verdict={r.verdict} /></td>
      <td className="forest-cell">
        {g ? (
          <svg viewBox={`0 0 ${W} ${H}`} className="forest-svg" aria-hidden="true" focusable="false">
            {isDifference && r.scale !== "psi" && <line className="zero" x1={g.x(0)} x2={g.x(0)} y1={2} y2={H - 2} />}
            {lines.map((t) => <line key={t} className="threshold" x1={g.x(t)} x2={g.x(t)} y1={2} y2={H - 2} />)}
            {r.ci && <line className={`ci ci-${r.verdict}`} x1={g.x(r.ci[0])} x2={g.x(r.ci[1])} y1={H / 2} y2={H / 2} />}
            {r.ci && <line className={`ci ci-${r.verdict}`} x1={g.x(r.ci[0])} x2={g.x(r.ci[0])} y1={H / 2 - 5} y2={H / 2 + 5} />}
            {r.ci && <line className={`ci ci-${r.verdict}`} x1={g.x(r.ci[1])} x2={g.x(r.ci[1])} y1={H / 2 - 5} y2={H / 2 + 5} />}
            <circle className={`estimate est-${r.verdict}`} cx={g.x(point!)} cy={H / 2} r={4.5} />
          </svg>
        ) : (
          <span className="no-data-cell">no data</span>
        )}
      </td>
      <td className="numbers">{numbers}</td>
      <td className="needs">{needs}{r.sequential ? <span className="muted"> (always-valid CI)</span> : null}</td>
    </tr>
  );
}

export function ForestPlot({ results, caption }: { results: ConditionResult[]; caption: string }) {
  if (results.length === 0) return <p className="muted">No conditions evaluated yet.</p>;
  return (
    <div className="table-wrap">
      <table className="forest">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Condition</th>
            <th scope="col">Verdict</th>
            <th scope="col">
              Estimate and interval <span className="legend" aria-hidden="true"><span className="lg-dot" /> estimate <span className="lg-ci" /> CI <span className="lg-zero" /> no difference <span className="lg-threshold" /> margin / bound</span>
            </th>
            <th scope="col">Numbers</th>
            <th scope="col">Held to</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => <Row key={`${r.id}:${r.segment ?? "all"}`} r={r} />)}
        </tbody>
      </table>
    </div>
  );
}
