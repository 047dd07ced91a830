/** The always-valid boundary and N* the controller's live and burn-in tests run (ADR 022). */
import type { RolloutPolicy } from "../../policy/document.js";
import type { SequentialBoundary } from "../../stats/inference.js";
import { defaultSequentialTuning, MAX_TUNING } from "../../stats/sequential.js";
import { MIN_DESIGN_TUNING, plannedInformationTime } from "../../stats/sequential-design.js";
import type { Rollout } from "../types.js";

/**
 * The boundary is `design` unless the policy picks `mixture` (ADR 022): the test of the plan's design
 * effect, with a normal-mixture safety net for smaller effects (sequential-design.ts). Its N* is
 * `gates.sequentialTuning`, else the information time at the end of the plan — every step ending once
 * each arm holds max(step minimum, gate minimum), at the step's shares — i.e. where the plan's fixed
 * design has its sample. The mixture keeps its own default N* (2 × Σ per-step minimums, ≥ 1,000).
 * @example sequentialOf({ minSamples: 100 }, { plan: { mode: "canary", steps: [{ weight: 0.05, minSamples: 1000, … }] }, challengers: [c] })
 *   // { tuning: 3800, boundary: "design" }
 */
export function sequentialOf(
  gates: Pick<RolloutPolicy["gates"], "sequentialTuning" | "sequentialBoundary" | "minSamples">,
  r: Pick<Rollout, "plan" | "challengers">,
): { tuning: number; boundary: SequentialBoundary } {
  const { sequentialTuning, sequentialBoundary, minSamples } = gates;
  const boundary = sequentialBoundary ?? "design";
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
