import { useState } from "react";
import { ForestPlot } from "../components/forest-plot.js";
import { Empty } from "../components/states.js";
import { comparisons, type RolloutData } from "./data.js";

/** Forest plot per challenger; segments (every-segment guardrails) behind a toggle. */
export function Comparison({ data }: { data: RolloutData }) {
  const [segments, setSegments] = useState(false);
  const all = comparisons(data);
  if (all.length === 0) {
    return (
      <Empty title="No comparison yet">
        <p>
          Numbers appear once the controller has looked at telemetry for this rollout. Send telemetry (SDK <code>client.record</code>, or
          POST /v1/telemetry); no data is shown as no data, never as healthy.
        </p>
      </Empty>
    );
  }
  const hasSegments = all.some((c) => c.results.some((r) => r.segment && r.segment !== "all"));
  return (
    <>
      {hasSegments && (
        <label className="toggle">
          <input type="checkbox" checked={segments} onChange={(e) => setSegments(e.target.checked)} /> Show every segment
        </label>
      )}
      {all.map((c) => (
        <div key={`${c.version}:${c.source}`} className="comparison">
          <h3>
            v{c.version} vs champion v{data.rollout.champion} <span className="muted">({c.source})</span>
          </h3>
          <p className="summary-line">{c.summary}</p>
          <ForestPlot
            caption={`v${c.version} − champion v${data.rollout.champion}, per condition`}
            results={c.results.filter((r) => segments || !r.segment || r.segment === "all")}
          />
        </div>
      ))}
    </>
  );
}
