/**
 * What people do to a rollout: start, pause, resume, abort, approve, reject,
 * roll back, promote. Pure transitions like {@link reconcile}; the shell
 * validates permissions, applies the effects and records the decision.
 */
import { addApproval, missingApprovals } from "./approvals.js";
import type { DecisionDraft, Effect } from "./effects.js";
import type { Transition } from "./reconcile.js";
import { championOnly, trafficFor } from "./traffic.js";
import { isTerminal, type PlanStep, type Rollout, type RolloutPlanSpec } from "./types.js";

export type RolloutActionCode =
  "champion_as_challenger" | "in_burn_in" | "no_challenger" | "not_awaiting" | "rollout_ended" | "self_approval";

export class RolloutActionError extends Error {
  constructor(
    message: string,
    readonly code: RolloutActionCode,
  ) {
    super(message);
  }
}

const decision = (action: DecisionDraft["action"], summary: string, severity: DecisionDraft["severity"] = "info"): DecisionDraft => ({
  action,
  summary,
  conditions: {},
  severity,
});

function requireLive(r: Rollout, what: string): void {
  if (isTerminal(r.status)) throw new RolloutActionError(`cannot ${what}: rollout ${r.id} already ended (${r.status})`, "rollout_ended");
}

export interface StartInput {
  id: string;
  program: string;
  champion: number;
  challengers: number[];
  requestedBy: string;
  plan: RolloutPlanSpec;
  policyRevision: number;
  now: Date;
}

/** A new rollout at its first step, with the traffic and challenger aliases it needs. */
export function startRollout(input: StartInput): Transition {
  if (input.challengers.length === 0) throw new RolloutActionError("name at least one challenger version", "no_challenger");
  if (input.challengers.includes(input.champion))
    throw new RolloutActionError(`v${input.champion} is the champion; it cannot challenge itself`, "champion_as_challenger");
  const alias = (i: number) => (i === 0 ? "challenger" : `challenger-${i + 1}`);
  const first: PlanStep = input.plan.steps[0]!;
  const r: Rollout = {
    id: input.id,
    program: input.program,
    champion: input.champion,
    challengers: input.challengers.map((version, i) => ({ version, alias: alias(i), slot: i, status: "active", reason: null })),
    status: "running",
    stepIndex: 0,
    stepStartedAt: input.now.toISOString(),
    startedAt: input.now.toISOString(),
    requestedBy: input.requestedBy,
    plan: input.plan,
    policyRevision: input.policyRevision,
    paused: false,
    approvals: [],
    hold: null,
    promoted: null,
    burnInUntil: null,
    banditWeights: null,
    lastReweightAt: null,
    nextCheckAt: new Date(input.now.getTime() + Math.min(first.durationMs, input.plan.evaluateEveryMs)).toISOString(),
    endedAt: null,
    revision: 0,
  };
  const summary = `started: v${input.challengers.join(", v")} against champion v${input.champion}, ${input.plan.steps.length} step(s), first ${first.shadow ? "shadow" : `${+(first.weight * 100).toFixed(2)} %`}`;
  return {
    rollout: r,
    effects: [
      ...r.challengers.map((c): Effect => ({
        type: "alias",
        alias: c.alias,
        version: c.version,
        expected: undefined,
        reason: `rollout ${r.id}`,
      })),
      { type: "traffic", traffic: trafficFor(r), reason: summary },
    ],
    decision: decision("start", summary),
  };
}

export function pause(r: Rollout, by: string): Transition {
  requireLive(r, "pause");
  if (r.paused) return { rollout: r, effects: [], decision: null };
  return {
    rollout: { ...r, paused: true, hold: "paused", holdKind: "paused" },
    effects: [],
    decision: decision("pause", `paused by ${by}`),
  };
}

export function resume(r: Rollout, by: string, now: Date): Transition {
  requireLive(r, "resume");
  if (!r.paused) return { rollout: r, effects: [], decision: null };
  return {
    rollout: { ...r, paused: false, hold: null, holdKind: null, nextCheckAt: now.toISOString() },
    effects: [],
    decision: decision("resume", `resumed by ${by}`),
  };
}

/** Ends the rollout without promotion: the champion serves alone again. */
export function abort(r: Rollout, by: string, reason: string, now: Date, action: "abort" | "reject" = "abort"): Transition {
  requireLive(r, action);
  if (r.status === "burn_in")
    throw new RolloutActionError("the challenger is already promoted and in burn-in: roll back instead", "in_burn_in");
  const summary = `${action === "reject" ? "rejected" : "aborted"} by ${by}: ${reason}`;
  return {
    rollout: {
      ...r,
      status: "aborted",
      hold: null,
      endedAt: now.toISOString(),
      challengers: r.challengers.map((c) => (c.status === "active" ? { ...c, status: "eliminated", reason: summary } : c)),
    },
    effects: [
      { type: "traffic", traffic: championOnly(), reason: summary },
      ...r.challengers.map((c): Effect => ({ type: "alias", alias: c.alias, version: null, expected: undefined, reason: summary })),
    ],
    decision: decision(action, summary, "ticket"),
  };
}

/** Manual rollback: during the comparison it ends it; during burn-in it moves @champion back. */
export function rollBack(r: Rollout, by: string, reason: string, now: Date): Transition {
  requireLive(r, "roll back");
  const summary = `rolled back by ${by}: ${reason}`;
  if (r.status === "burn_in") {
    return {
      rollout: { ...r, status: "rolled_back", hold: null, endedAt: now.toISOString() },
      effects: [
        { type: "alias", alias: "champion", version: r.champion, expected: r.promoted, reason: summary },
        { type: "notify", event: "rollback", severity: "ticket", summary },
      ],
      decision: decision("rollback", summary, "ticket"),
    };
  }
  const t = abort(r, by, reason, now);
  return {
    ...t,
    rollout: {
      ...t.rollout,
      status: "rolled_back",
      challengers: r.challengers.map((c) => (c.status === "active" ? { ...c, status: "rolled_back", reason: summary } : c)),
    },
    effects: [...t.effects, { type: "notify", event: "rollback", severity: "ticket", summary }],
    decision: decision("rollback", summary, "ticket"),
  };
}

export function approve(r: Rollout, by: string, role: string, comment: string, now: Date): Transition {
  requireLive(r, "approve");
  const approvals = addApproval(r, by, role, comment, now);
  const next: Rollout = { ...r, approvals, nextCheckAt: now.toISOString() };
  const missing = missingApprovals(next);
  // With every sign-off in, the controller resumes from where it waited on its next look.
  if (missing.length === 0) next.status = "running";
  const summary = `approved by ${by} as ${role}${comment ? ` ("${comment}")` : ""}${missing.length ? `; still waiting for ${missing.join(", ")}` : "; all approvals in"}`;
  return { rollout: next, effects: [], decision: decision("approve", summary) };
}

export function reject(r: Rollout, by: string, reason: string, now: Date): Transition {
  if (r.status !== "awaiting_approval")
    throw new RolloutActionError(`rollout ${r.id} is ${r.status}, not awaiting approval`, "not_awaiting");
  if (by === r.requestedBy) throw new RolloutActionError(`${by} requested this rollout; to stop it, abort it`, "self_approval");
  return abort(r, by, reason, now, "reject");
}

/**
 * Skips the remaining steps: the next look promotes if every required condition passes and approvals are in.
 * The last step starts now (its split is new: the sample-ratio check counts from here, not from a
 * backdated start); the request itself stands in for the step's remaining duration.
 */
export function promoteNow(r: Rollout, by: string, now: Date): Transition {
  requireLive(r, "promote");
  if (r.status === "burn_in") throw new RolloutActionError("already promoted (in burn-in)", "in_burn_in");
  const lastIndex = r.plan.steps.length - 1;
  const requested = { promotionRequestedAt: now.toISOString(), nextCheckAt: now.toISOString() };
  if (r.stepIndex === lastIndex) {
    return {
      rollout: { ...r, ...requested },
      effects: [],
      decision: r.promotionRequestedAt
        ? null
        : decision("advance", `promotion requested by ${by}: promotes once every required condition passes and approvals are in`),
    };
  }
  const next: Rollout = { ...r, ...requested, stepIndex: lastIndex, stepStartedAt: now.toISOString(), splitChangedAt: null };
  return {
    rollout: next,
    effects: [{ type: "traffic", traffic: trafficFor(next), reason: `promotion requested by ${by}` }],
    decision: decision(
      "advance",
      `promotion requested by ${by}: skipped to the last step; promotes once every required condition passes and approvals are in`,
    ),
  };
}
