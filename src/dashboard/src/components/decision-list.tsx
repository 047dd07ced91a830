/** Decision records, newest first: the plain-language summary up front, every condition behind a disclosure. */
import type { Decision } from "../api/types.js";
import { ForestPlot } from "./forest-plot.js";
import { formatTime } from "./format.js";
import { Link, paths } from "../router.js";

export function DecisionList({
  decisions,
  showRollout = false,
  showProgram = false,
}: {
  decisions: Decision[];
  showRollout?: boolean;
  showProgram?: boolean;
}) {
  return (
    <ol className="decisions">
      {[...decisions].reverse().map((d) => (
        <li key={d.id} className={`decision severity-${d.severity}`}>
          <div className="decision-head">
            <span className={`badge action-${d.action}`}>{d.action.replace(/_/g, " ")}</span>
            <time dateTime={d.at}>{formatTime(d.at)}</time>
            <span className="muted">by {d.actor}</span>
            {d.severity !== "info" && <span className={`badge sev-${d.severity}`}>{d.severity}</span>}
            {showProgram && (
              <Link to={paths.program(d.program)} className="decision-program">
                {d.program}
              </Link>
            )}
            {showRollout && d.rolloutId && <Link to={paths.rollout(d.rolloutId)}>rollout {d.rolloutId.slice(0, 8)}</Link>}
          </div>
          <p className="decision-summary">{d.summary}</p>
          {Object.keys(d.conditions).length > 0 && (
            <details>
              <summary>Conditions ({Object.values(d.conditions).reduce((n, x) => n + x.length, 0)})</summary>
              {Object.entries(d.conditions).map(([key, results]) => (
                <ForestPlot key={key} caption={key === "burnIn" ? "burn-in" : `${key} vs champion`} results={results} />
              ))}
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
