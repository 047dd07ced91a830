/** A rollout's health at a glance, from the same observation the controller decides from. */
import { missingApprovals } from "../approvals.js";
import type { Observation } from "../observation.js";
import { isTerminal, type Rollout } from "../types.js";

export type Health = "passing" | "holding" | "failing" | "no_data" | "idle";

const blocking = (severity: string) => severity === "page" || severity === "ticket";

/**
 * One word for a rollout, most alarming first: failing (a required condition fails, the error budget
 * burns, the sample ratio mismatches), no_data (a required condition has nothing to decide from:
 * never read as healthy), holding (paused, awaiting approval, inconclusive), passing.
 */
export function healthOf(r: Rollout | null, obs: Observation | null): { health: Health; reason: string } {
  if (!r || isTerminal(r.status)) return { health: "idle", reason: r ? `rollout ${r.status.replace("_", " ")}` : "no rollout running" };
  if (!obs) return { health: "no_data", reason: "not observed (no policy in force)" };
  if (r.status === "burn_in") {
    if (obs.burnInBurn && blocking(obs.burnInBurn.severity)) return { health: "failing", reason: obs.burnInBurn.summary };
    if (obs.burnIn?.outcome === "fail") return { health: "failing", reason: obs.burnIn.summary };
    if (obs.burnIn && obs.burnIn.results.some((x) => x.required && x.verdict === "no_data"))
      return { health: "no_data", reason: obs.burnIn.summary };
    if (!obs.burnIn || obs.burnIn.outcome === "pass") return { health: "passing", reason: "burn-in watch: nothing breached" };
    return { health: "holding", reason: obs.burnIn.summary };
  }
  if (!obs.srm.valid) return { health: "failing", reason: `sample ratio mismatch: ${obs.srm.summary}` };
  const burning = obs.challengers.find((c) => blocking(c.burn.severity));
  if (burning) return { health: "failing", reason: `v${burning.version}: ${burning.burn.summary}` };
  const failing = obs.challengers.find((c) => c.live.outcome === "fail");
  if (failing) return { health: "failing", reason: `v${failing.version}: ${failing.live.summary}` };
  const noData = obs.challengers.find((c) => c.live.results.some((x) => x.required && x.verdict === "no_data"));
  if (noData) return { health: "no_data", reason: `v${noData.version}: ${noData.live.summary}` };
  if (r.paused) return { health: "holding", reason: "paused" };
  if (r.status === "awaiting_approval") return { health: "holding", reason: `waiting for approval: ${missingApprovals(r).join(", ")}` };
  if (obs.freeze.frozen) return { health: "holding", reason: obs.freeze.summary };
  const waiting = obs.challengers.find((c) => c.live.outcome !== "pass");
  if (waiting) return { health: "holding", reason: `v${waiting.version}: ${waiting.live.summary}` };
  return {
    health: "passing",
    reason: obs.challengers.map((c) => `v${c.version}: ${c.live.summary}`).join("; ") || "every required condition passes",
  };
}
