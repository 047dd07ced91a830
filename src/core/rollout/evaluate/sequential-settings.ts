/** The always-valid boundary and N* the controller's live and burn-in tests run (ADR 022). */
import type { RolloutPolicy } from "../../policy/document.js";
import type { SequentialBoundary } from "../../stats/inference.js";
import { defaultSequentialTuning, MAX_TUNING } from "../../stats/sequential.js";
import { MIN_DESIGN_TUNING, plannedInformationTime } from "../../stats/sequential-design.js";
import type { Rollout } from "../types.js";

/**
 * The always-valid boundary and N* of the live and burn-in tests (ADR 022). Unless the policy picks one,
 * the boundary is `design` — the two-point test of the plan's design effect — whenever the plan states a
 * design: `gates.sequentialTuning`, or a canary step with its own minimum samples (the plan's fixed
 * design is then the per-arm sample its last step requires, N* its information time). A plan without
 * one (no step minimum; split and bandit plans) gets the normal mixture, which needs no design: a design
 * boundary tuned to a guessed N* never decides effects below half the one it is tuned to.
 * @example sequentialOf({ minSamples: 100 }, { plan: { mode: "canary", steps: [{ weight: 0.05, minSamples: 1000, … }] }, challengers: [c] })
 *   // { tuning: 3800, boundary: "design" }
 */
export function sequentialOf(
  gates: Pick<RolloutPolicy["gates"], "sequentialTuning" | "sequentialBoundary" | "minSamples">,
  r: Pick<Rollout, "plan" | "challengers">,
): { tuning: number; boundary: SequentialBoundary } {
  const { sequentialTuning, sequentialBoundary, minSamples } = gates;
  const stated = r.plan.mode === "canary" && r.plan.steps.some((s) => !s.shadow && s.minSamples > 0);
  const boundary = sequentialBoundary ?? (sequentialTuning !== undefined || stated ? "design" : "mixture");
  if (sequentialTuning !== undefined) return { tuning: sequentialTuning, boundary };
  if (boundary === "mixture")
    return {
      tuning: defaultSequentialTuning(
        r.plan.steps.map((s) => s.minSamples),
        minSamples,
      ),
      boundary,
    };
  const steps = r.plan.steps.filter((s) => !s.shadow).map((s) => ({ share: s.weight, minSamples: s.minSamples }));
  const planned = plannedInformationTime(steps, minSamples, r.challengers.length);
  return { tuning: Math.min(MAX_TUNING, Math.max(MIN_DESIGN_TUNING, Math.round(planned))), boundary };
}
