/**
 * Writes a rollout transition in ONE unit of work: the new rollout state
 * (compare-and-set on its revision: a stale controller cannot write), every
 * effect (traffic plan, alias moves), the decision record, the notifications
 * to deliver, and the audit entry. A crash leaves all of it or none of it.
 */
import type { Effect } from "../../core/rollout/effects.js";
import type { Transition } from "../../core/rollout/reconcile.js";
import type { Rollout } from "../../core/rollout/types.js";
import { moveAliasIn } from "../aliases/service.js";
import { appendAudit } from "../audit/append.js";
import type { Actor } from "../context.js";
import { ConflictError } from "../errors.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import type { Repos } from "../store/store.js";
import { setTrafficIn } from "../traffic/service.js";
import type { DecisionRecord } from "./store.js";

export interface AppliedTransition {
  rollout: Rollout;
  decision: DecisionRecord | null;
  servingChanged: boolean;
}

async function applyEffect(repos: Repos, now: Date, actor: Actor, r: Rollout, effect: Effect, decisionId: number | null): Promise<boolean> {
  switch (effect.type) {
    case "traffic":
      await setTrafficIn(repos, now, actor, r.program, {
        ...effect.traffic,
        overrides: (await repos.traffic.get(r.program))?.overrides ?? {},
        reason: effect.reason,
      });
      return true;
    case "alias": {
      const result = await moveAliasIn(repos, now, actor, {
        program: r.program,
        alias: effect.alias,
        version: effect.version,
        reason: effect.reason,
        expectedVersion: effect.expected,
        action: effect.alias === "champion" ? (effect.version === r.champion ? "rollout.rollback" : "rollout.promote") : "rollout.alias",
        rolloutId: r.id,
      });
      return result.changed;
    }
    case "notify": {
      await enqueueNotifications(repos, now, {
        program: r.program,
        rolloutId: r.id,
        event: effect.event,
        severity: effect.severity,
        summary: effect.summary,
        details: { champion: r.champion, challengers: r.challengers.map((c) => c.version), ...(decisionId === null ? {} : { decisionId }) },
      });
      return false;
    }
  }
}

export async function applyTransitionIn(
  repos: Repos,
  now: Date,
  actor: Actor,
  before: Rollout | null,
  t: Transition,
  inputs: Record<string, unknown> = {},
): Promise<AppliedTransition> {
  const next: Rollout = { ...t.rollout, revision: (before?.revision ?? -1) + 1 };
  if (before) {
    if (!(await repos.rollouts.update(next, before.revision))) {
      throw new ConflictError(
        `rollout ${before.id} changed meanwhile (revision ${before.revision} is stale); nothing was written`,
        "stale_rollout",
      );
    }
  } else await repos.rollouts.insert(next);
  let servingChanged = false;
  // Notifications after the decision record, so they can name it.
  for (const effect of t.effects.filter((e) => e.type !== "notify"))
    servingChanged = (await applyEffect(repos, now, actor, next, effect, null)) || servingChanged || effect.type === "traffic";
  let decision: DecisionRecord | null = null;
  if (t.decision) {
    decision = await repos.decisions.append({
      program: next.program,
      rolloutId: next.id,
      at: now.toISOString(),
      actor: actor.name,
      action: t.decision.action,
      fromStatus: before?.status ?? null,
      toStatus: next.status,
      summary: t.decision.summary,
      severity: t.decision.severity,
      conditions: t.decision.conditions,
      inputs: { step: next.stepIndex + 1, steps: next.plan.steps.length, policyRevision: next.policyRevision, ...inputs },
    });
    await appendAudit(repos, now, actor, {
      action: `rollout.${t.decision.action}`,
      program: next.program,
      target: `rollout/${next.id}`,
      before: before ? { status: before.status, step: before.stepIndex, revision: before.revision } : null,
      after: { status: next.status, step: next.stepIndex, revision: next.revision, decision: decision.id, summary: t.decision.summary },
    });
  }
  for (const effect of t.effects.filter((e) => e.type === "notify"))
    await applyEffect(repos, now, actor, next, effect, decision?.id ?? null);
  return { rollout: next, decision, servingChanged };
}
