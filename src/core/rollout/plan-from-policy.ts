import type { RolloutPolicy } from "../policy/document.js";
import type { PlanStep, RolloutPlanSpec } from "./types.js";
import { parseDuration } from "../time/duration.js";

/** "5%" or 0.05 → 0.05. */
export function share(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === "number" ? value : Number(value.slice(0, -1)) / 100;
}

/** The rollout plan a policy prescribes, normalised (numbers and milliseconds). */
export function planFromPolicy(policy: RolloutPolicy): RolloutPlanSpec {
  const r = policy.rollout;
  let steps: PlanStep[];
  if (r.mode === "canary") {
    steps = (r.steps ?? [{ shadow: false, weight: "10%", sample: 1, duration: "30m", minSamples: 0, approval: false }]).map((s) => ({
      shadow: s.shadow,
      weight: s.shadow ? 0 : share(s.weight, 0.1),
      sample: share(s.sample, 1),
      durationMs: parseDuration(s.duration),
      minSamples: s.minSamples,
      approval: s.approval,
    }));
  } else {
    // split and bandit run as one step: fixed (or bandit-driven) shares for `duration`.
    steps = [
      {
        shadow: false,
        weight: share(r.weight, r.mode === "bandit" ? 0.5 : 0.5),
        sample: 1,
        durationMs: parseDuration(r.duration ?? "1h"),
        minSamples: policy.gates.minSamples,
        approval: false,
      },
    ];
  }
  return {
    mode: r.mode,
    steps,
    primary: r.primary ?? null,
    tieBreak: [...r.tieBreak],
    evaluateEveryMs: parseDuration(r.evaluateEvery),
    reweightEveryMs: parseDuration(r.reweightEvery),
    floor: share(r.floor, 0.05),
    minSamplesPerArm: r.minSamplesPerArm,
    approvalRoles: policy.approvals.roles.map((x) => ({ name: x.name, members: [...x.members] })),
    burnInMs: policy.gates.burnIn ? parseDuration(policy.gates.burnIn.duration) : null,
    maxDurationMs: r.maxDuration ? parseDuration(r.maxDuration) : null,
    notPromotedAlias: r.notPromoted.challengerAlias,
  };
}
