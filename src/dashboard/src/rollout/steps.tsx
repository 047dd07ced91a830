/** The step plan as a timeline: done, current (with its clock), upcoming; approval points marked. */
import type { Rollout } from "../api/types.js";
import { formatDuration, formatTime, percent } from "../components/format.js";
import { whatNext } from "./next.js";

export function StepTimeline({ rollout: r }: { rollout: Rollout }) {
  const ended = ["promoted", "rolled_back", "aborted", "not_promoted"].includes(r.status);
  const inBurnIn = r.status === "burn_in";
  return (
    <>
      <p className="next" role="status">
        <strong>Next:</strong> {whatNext(r)}
      </p>
      <ol className="steps">
        {r.plan.steps.map((s, i) => {
          const state =
            inBurnIn || (r.status === "promoted" && i <= r.stepIndex) || i < r.stepIndex
              ? "done"
              : i === r.stepIndex && !ended
                ? "current"
                : ended && i === r.stepIndex
                  ? "stopped"
                  : "upcoming";
          return (
            <li key={i} className={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
              <span className="step-name">
                {i + 1}. {s.shadow ? `shadow (${percent(s.sample)} of calls)` : percent(s.weight)}
              </span>
              <span className="step-rule">
                ≥ {formatDuration(s.durationMs)}, ≥ {s.minSamples} units/arm{s.approval ? ", approval" : ""}
              </span>
              {state === "current" && <span className="step-when">since {formatTime(r.stepStartedAt)}</span>}
              <span className="sr-only"> ({state})</span>
            </li>
          );
        })}
        {r.plan.approvalRoles.length > 0 && (
          <li
            className={`step ${r.status === "awaiting_approval" ? "step-current" : inBurnIn || r.status === "promoted" ? "step-done" : "step-upcoming"}`}
          >
            <span className="step-name">approval</span>
            <span className="step-rule">{r.plan.approvalRoles.map((x) => x.name).join(", ")}</span>
          </li>
        )}
        {r.plan.burnInMs !== null && (
          <li className={`step ${inBurnIn ? "step-current" : r.status === "promoted" ? "step-done" : "step-upcoming"}`}>
            <span className="step-name">burn-in</span>
            <span className="step-rule">{formatDuration(r.plan.burnInMs)} watch after promotion</span>
            {inBurnIn && <span className="step-when">until {formatTime(r.burnInUntil)}</span>}
          </li>
        )}
      </ol>
    </>
  );
}
