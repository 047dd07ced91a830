/**
 * One metric over time, a line per version (champion first), as inline SVG
 * with a table version for screen readers and exact values.
 */
import type { SeriesPoint } from "../api/types.js";
import { axisFor, scaleOf } from "./axis.js";
import { formatValue } from "./format.js";

const W = 560;
const H = 180;
const M = { left: 64, right: 12, top: 10, bottom: 24 };

export interface SeriesVersion {
  version: number;
  label: string;
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

export function TimeSeries({
  metric,
  unit,
  points,
  versions,
}: {
  metric: string;
  unit: string | undefined;
  points: SeriesPoint[];
  versions: SeriesVersion[];
}) {
  const lines = versions.map((v, i) => ({
    ...v,
    index: i,
    pts: points
      .filter((p) => p.version === v.version && p.metrics[metric] !== null && p.metrics[metric] !== undefined)
      .map((p) => ({ t: Date.parse(p.start) + p.width / 2, v: p.metrics[metric] as number }))
      .sort((a, b) => a.t - b.t),
  }));
  const all = lines.flatMap((l) => l.pts);
  if (all.length === 0) return <p className="muted">{metric}: no data in this window yet.</p>;
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  // The same nice, zero-based axis as the forest plots: 0, 50, 100, 150 ms rather than arbitrary fractions.
  const axis = axisFor(
    all.map((p) => p.v),
    { unit, count: 4 },
  )!;
  const x = (t: number) => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = scaleOf(axis, H - M.bottom, M.top);
  const ticks = axis.ticks.map((t) => t.value);
  const caption = `${metric} per version, ${hhmm(t0)} to ${hhmm(t1)} UTC`;
  return (
    <figure className="series">
      <figcaption>{caption}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${caption}: ${lines.map((l) => `${l.label} latest ${l.pts.length ? formatValue(l.pts[l.pts.length - 1]!.v, unit) : "no data"}`).join("; ")}`}
      >
        {ticks.map((v) => (
          <g key={v} className="tick">
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {formatValue(v, unit)}
            </text>
          </g>
        ))}
        <text className="axis-time" x={M.left} y={H - 6}>
          {hhmm(t0)}
        </text>
        <text className="axis-time" x={W - M.right} y={H - 6} textAnchor="end">
          {hhmm(t1)}
        </text>
        {lines.map((l) =>
          l.pts.length === 1 ? (
            <circle key={l.version} className={`series-line line-${l.index}`} cx={x(l.pts[0]!.t)} cy={y(l.pts[0]!.v)} r={3} />
          ) : (
            <polyline
              key={l.version}
              className={`series-line line-${l.index}`}
              fill="none"
              points={l.pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ")}
            />
          ),
        )}
      </svg>
      <ul className="series-legend">
        {lines.map((l) => (
          <li key={l.version}>
            <span className={`swatch line-${l.index}`} aria-hidden="true" /> {l.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{metric} as a table</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Minute (UTC)</th>
                {lines.map((l) => (
                  <th scope="col" key={l.version}>
                    {l.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...new Set(all.map((p) => p.t))]
                .sort((a, b) => a - b)
                .map((t) => (
                  <tr key={t}>
                    <td>{new Date(t).toISOString().slice(11, 19)}</td>
                    {lines.map((l) => {
                      const p = l.pts.find((q) => q.t === t);
                      return <td key={l.version}>{p ? formatValue(p.v, unit) : "—"}</td>;
                    })}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
