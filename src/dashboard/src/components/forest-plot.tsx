/**
 * Forest plot of one challenger against the champion: a row per condition,
 * the estimate (challenger − champion) with its confidence interval, the line
 * of no difference, and the margin, threshold or bound it is held to, coloured
 * by verdict. Each row has its own labelled numeric axis (metrics have
 * different units) that always holds zero, so distances read true; the
 * numbers are written beside it, so the picture is never the only source.
 */
import type { ConditionResult } from "../api/types.js";
import { axisFor, scaleOf, type Axis } from "./axis.js";
import { VerdictBadge } from "./badges.js";
import { formatDifference, formatInterval, formatValue } from "./format.js";

const W = 360;
const H = 46;
const PAD = 14;
/** The plotted band (estimate, interval, lines) above the axis. */
const MID = 12;
const AXIS_Y = 26;

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

/** One row's picture: the interval and estimate over the row's own axis, with ticks and the unit. */
function RowPlot({ r, axis, point, lines, zero }: { r: ConditionResult; axis: Axis; point: number; lines: number[]; zero: boolean }) {
  const unitWidth = axis.unit ? axis.unit.length * 6 + 8 : 0;
  const x = scaleOf(axis, PAD, W - PAD - unitWidth);
  const ci = r.ci;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width={W} className="forest-svg" aria-hidden="true" focusable="false">
      <line className="axis" x1={x(axis.lo)} x2={x(axis.hi)} y1={AXIS_Y} y2={AXIS_Y} />
      {axis.ticks.map((t) => (
        <g key={t.value} className="tick">
          <line x1={x(t.value)} x2={x(t.value)} y1={AXIS_Y} y2={AXIS_Y + 4} />
          <text x={x(t.value)} y={AXIS_Y + 15} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {axis.unit && (
        <text className="axis-unit" x={W - 2} y={AXIS_Y + 15} textAnchor="end">
          {axis.unit}
        </text>
      )}
      {zero && <line className="zero" x1={x(0)} x2={x(0)} y1={1} y2={AXIS_Y} />}
      {lines.map((t) => (
        <line key={t} className="threshold" x1={x(t)} x2={x(t)} y1={1} y2={AXIS_Y} />
      ))}
      {ci && <line className={`ci ci-${r.verdict}`} x1={x(ci[0])} x2={x(ci[1])} y1={MID} y2={MID} />}
      {ci && <line className={`ci ci-${r.verdict}`} x1={x(ci[0])} x2={x(ci[0])} y1={MID - 5} y2={MID + 5} />}
      {ci && <line className={`ci ci-${r.verdict}`} x1={x(ci[1])} x2={x(ci[1])} y1={MID - 5} y2={MID + 5} />}
      <circle className={`estimate est-${r.verdict}`} cx={x(point)} cy={MID} r={4.5} />
    </svg>
  );
}

function Row({ r }: { r: ConditionResult }) {
  const isDifference = r.estimate !== undefined;
  const point = isDifference ? r.estimate! : r.value;
  const lines = limits(r);
  const axis =
    point === undefined ? null : axisFor([point, ...(r.ci ?? []), ...lines], { unit: r.unit, difference: isDifference, scale: r.scale });
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
        <span className="condition-label">
          {r.label}
          {r.required ? "" : " (informational)"}
        </span>
      </th>
      <td>
        <VerdictBadge verdict={r.verdict} />
      </td>
      <td className="forest-cell">
        {axis ? (
          <RowPlot r={r} axis={axis} point={point!} lines={lines} zero={isDifference && r.scale !== "psi"} />
        ) : (
          <span className="no-data-cell">no data</span>
        )}
      </td>
      <td className="numbers">{numbers}</td>
      <td className="needs">
        {needs}
        {r.sequential ? <span className="muted"> (always-valid CI)</span> : null}
      </td>
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
              Estimate and interval{" "}
              <span className="legend" aria-hidden="true">
                <span className="lg-dot" /> estimate <span className="lg-ci" /> CI <span className="lg-zero" /> no difference{" "}
                <span className="lg-threshold" /> margin / bound
              </span>
            </th>
            <th scope="col">Numbers</th>
            <th scope="col">Held to</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <Row key={`${r.id}:${r.segment ?? "all"}`} r={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
