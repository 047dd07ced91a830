import type { ShadowTarget, TrafficArm } from "../assignment/traffic-plan.js";
import { activeChallengers, type Rollout } from "./types.js";

export interface TrafficShape {
  slots: number;
  arms: TrafficArm[];
  shadow: ShadowTarget[];
}

/** Every unit to the champion. */
export function championOnly(): TrafficShape {
  return { slots: 1, arms: [], shadow: [] };
}

/** The number of slots a rollout reserves: one per challenger it started with (fixed, so ramps never reshuffle). */
export function slotsOf(r: Rollout): number {
  return Math.max(1, r.challengers.length);
}

/** Traffic for the rollout's current step (or bandit weights), only active challengers. */
export function trafficFor(r: Rollout, stepIndex = r.stepIndex): TrafficShape {
  const slots = slotsOf(r);
  const step = r.plan.steps[stepIndex]!;
  const active = activeChallengers(r);
  if (step.shadow) return { slots, arms: [], shadow: active.map((c) => ({ alias: c.alias, sample: step.sample })) };
  const cap = 1 / slots;
  const arms = active.map((c) => {
    const bandit = r.plan.mode === "bandit" ? r.banditWeights?.[String(c.version)] : undefined;
    return { alias: c.alias, slot: c.slot, weight: Math.min(cap, bandit ?? step.weight) };
  });
  return { slots, arms, shadow: [] };
}

/** Bandit weights from probabilities of being best: each challenger within [floor, 1/slots]. */
export function banditWeights(r: Rollout, probabilityBest: ReadonlyMap<number, number>): Record<string, number> {
  const cap = 1 / slotsOf(r);
  const out: Record<string, number> = {};
  for (const c of activeChallengers(r)) {
    const p = probabilityBest.get(c.version) ?? r.plan.floor;
    out[String(c.version)] = Math.min(cap, Math.max(r.plan.floor, p));
  }
  return out;
}

/**
 * When the shares in force last changed (step start, a challenger rolled back
 * mid-step, a bandit reweight), in ms: sample-ratio checks count exposures from
 * then on only, since a window that mixes two splits mismatches by construction.
 */
export function splitSince(r: Rollout): number {
  return Math.max(
    Date.parse(r.stepStartedAt),
    r.splitChangedAt ? Date.parse(r.splitChangedAt) : 0,
    r.lastReweightAt ? Date.parse(r.lastReweightAt) : 0,
  );
}
