/** "What happens next, and when", in words, from the rollout's state and the live observation. */
import { formatTime, percent, relativeTime } from "../components/format.js";
import type { Rollout } from "../api/types.js";

const stepName = (s: Rollout["plan"]["steps"][number]) => (s.shadow ? "shadow" : percent(s.weight));

export function missingRoles(r: Rollout): string[] {
  const roles = r.plan.approvalRoles.length > 0 ? r.plan.approvalRoles.map((x) => x.name) : ["approver"];
  return roles.filter((role) => !r.approvals.some((a) => a.role === role));
}

export function whatNext(r: Rollout, now = Date.now()): string {
  const champ = `v${r.champion}`;
  switch (r.status) {
    case "promoted":
      return `Ended: v${r.promoted ?? "?"} promoted to @champion${r.endedAt ? ` at ${formatTime(r.endedAt)}` : ""}. Nothing more happens.`;
    case "rolled_back":
      return `Ended: rolled back; @champion is ${champ}${r.endedAt ? ` since ${formatTime(r.endedAt)}` : ""}.`;
    case "aborted":
      return `Ended without promotion${r.endedAt ? ` at ${formatTime(r.endedAt)}` : ""}; the champion ${champ} serves alone.`;
    case "not_promoted":
      return `Ended not promoted, kept for learning${r.endedAt ? ` at ${formatTime(r.endedAt)}` : ""}: its success criteria were not met in time; the champion ${champ} serves alone.`;
    case "burn_in":
      return `v${r.promoted} is @champion, under a burn-in watch until ${formatTime(r.burnInUntil)} (${relativeTime(r.burnInUntil!, now)}). A breach rolls it back to ${champ} automatically; otherwise it stays.`;
    case "awaiting_approval": {
      const last = r.stepIndex === r.plan.steps.length - 1;
      return `Waiting for approval from ${missingRoles(r).join(", ")}. Then it ${last ? "promotes the best passing challenger" : `moves to step ${r.stepIndex + 2}`}, if every required condition still passes.`;
    }
    case "running": {
      if (r.paused) return "Paused: it stays at this step until someone resumes it. Automatic rollbacks still happen.";
      const step = r.plan.steps[r.stepIndex]!;
      const end = Date.parse(r.stepStartedAt) + step.durationMs;
      const last = r.stepIndex === r.plan.steps.length - 1;
      const next = r.plan.steps[r.stepIndex + 1];
      const then = last
        ? r.plan.approvalRoles.length > 0 || step.approval
          ? "asks for approval, then promotes"
          : "promotes the best passing challenger"
        : step.approval
          ? `asks for approval, then moves to ${stepName(next!)}`
          : `moves to step ${r.stepIndex + 2} (${stepName(next!)})`;
      const conditions = `with ≥ ${step.minSamples} units per arm and every required condition passing`;
      if (end > now)
        return `Step ${r.stepIndex + 1} (${stepName(step)}) lasts until ${formatTime(new Date(end).toISOString())} (${relativeTime(new Date(end).toISOString(), now)}); then, ${conditions}, it ${then}.`;
      if (r.hold) return `Holding: ${r.hold}. Next look ${relativeTime(r.nextCheckAt, now)}; then, ${conditions}, it ${then}.`;
      return `Step time is over; at the next look (${relativeTime(r.nextCheckAt, now)}), ${conditions}, it ${then}.`;
    }
  }
}
