import { TimeSeries } from "../components/time-series.js";
import { Empty } from "../components/states.js";
import type { RolloutData } from "./data.js";

/** A small chart per request metric, champion and challengers of this rollout only. */
export function SeriesPanel({ data }: { data: RolloutData }) {
  const r = data.rollout;
  const versions = [
    { version: r.champion, label: `v${r.champion} (champion at start)` },
    ...r.challengers.map((c) => ({ version: c.version, label: `v${c.version} (${c.alias})` })),
  ];
  const wanted = new Set(versions.map((v) => v.version));
  const since = Date.parse(r.startedAt) - 60_000;
  const until = r.endedAt ? Date.parse(r.endedAt) + 60_000 : Infinity;
  const points = data.series.filter((p) => wanted.has(p.version) && Date.parse(p.start) >= since && Date.parse(p.start) <= until);
  const metrics = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))].sort();
  if (points.length === 0 || metrics.length === 0) {
    return (
      <Empty title="No telemetry for these versions since the rollout started">
        <p>
          Serving code reports requests with the SDK (<code>client.record</code>) or POST /v1/telemetry; charts appear with the first minute
          of data.
        </p>
      </Empty>
    );
  }
  return (
    <div className="series-grid">
      {metrics.map((m) => (
        <TimeSeries key={m} metric={m} unit={data.policy?.document.metrics[m]?.unit} points={points} versions={versions} />
      ))}
    </div>
  );
}
