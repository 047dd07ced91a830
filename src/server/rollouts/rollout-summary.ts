/**
 * A program's latest rollout in one object, as `GET /v1/status` and the
 * dashboard's overview both show it (one builder: the two used to differ on
 * burn-in, where the step label must say the promoted version serves 100 %).
 */
import { missingApprovals } from "../../core/rollout/approvals.js";
import { activeChallengers, type Rollout, type RolloutStatus } from "../../core/rollout/types.js";

export interface RolloutSummary {
  id: string;
  status: RolloutStatus;
  step: number;
  steps: number;
  stepLabel: string;
  stepStartedAt: string;
  stepDurationMs: number;
  /** During burn-in: when the watch ends (the step fields then describe the burn-in, not the last canary step). */
  burnInUntil: string | null;
  champion: number;
  challengers: Array<{ version: number; alias: string; status: string }>;
  active: number;
  hold: string | null;
  paused: boolean;
  /** Approval roles still missing (awaiting_approval only). */
  awaiting: string[];
  startedAt: string;
  endedAt: string | null;
}

export function rolloutSummary(r: Rollout): RolloutSummary {
  const step = r.plan.steps[r.stepIndex];
  // During burn-in the promoted version serves every unit: the step label says so, not the last canary share.
  const burnIn = r.status === "burn_in" && r.burnInUntil ? { until: r.burnInUntil, ms: r.plan.burnInMs ?? 0 } : null;
  return {
    id: r.id,
    status: r.status,
    step: r.stepIndex + 1,
    steps: r.plan.steps.length,
    stepLabel: burnIn
      ? `burn-in: v${r.promoted} serves 100 %`
      : step
        ? step.shadow
          ? "shadow"
          : `${+(step.weight * 100).toFixed(2)} %`
        : "",
    stepStartedAt: burnIn ? new Date(Date.parse(burnIn.until) - burnIn.ms).toISOString() : r.stepStartedAt,
    stepDurationMs: burnIn ? burnIn.ms : (step?.durationMs ?? 0),
    burnInUntil: burnIn?.until ?? null,
    champion: r.champion,
    challengers: r.challengers.map((c) => ({ version: c.version, alias: c.alias, status: c.status })),
    active: activeChallengers(r).length,
    hold: r.hold,
    paused: r.paused,
    awaiting: r.status === "awaiting_approval" ? missingApprovals(r) : [],
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
}
