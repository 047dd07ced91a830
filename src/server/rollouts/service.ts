import { evaluateCandidate } from "../../core/rollout/evaluate.js";
import { randomUUID } from "node:crypto";
import {
  abort,
  approve,
  pause,
  promoteNow,
  reject,
  resume,
  rollBack,
  RolloutActionError,
  startRollout,
} from "../../core/rollout/actions.js";
import { ApprovalError } from "../../core/rollout/approvals.js";
import type { Transition } from "../../core/rollout/reconcile.js";
import type { Rollout } from "../../core/rollout/types.js";
import { isTerminal } from "../../core/rollout/types.js";
import { aliasBlocker } from "../../core/registry/rules.js";
import { requireCandidate } from "../candidates/service.js";
import type { Actor, ServiceContext } from "../context.js";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import { requireProgram } from "../programs/service.js";
import { applyTransitionIn, type AppliedTransition } from "./apply-transition.js";
import { planFromPolicy } from "../../core/rollout/plan-from-policy.js";
import type { DecisionRecord } from "./store.js";

export class GateFailedError extends AppError {
  constructor(
    message: string,
    readonly decision: DecisionRecord,
  ) {
    super(422, "gate_failed", message, [{ path: "challengers", message }]);
  }
}

function actionError(error: unknown): never {
  if (error instanceof ApprovalError) {
    if (error.code === "self_approval" || error.code === "not_member" || error.code === "same_person_twice")
      throw new ForbiddenError(error.message);
    throw new ConflictError(error.message, error.code);
  }
  if (error instanceof RolloutActionError) throw new ConflictError(error.message, error.code);
  throw error;
}

/** Starting rollouts and the actions people take on them; each is one unit of work with its decision record. */
export class RolloutService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Starts a rollout after the pre-production gate passes (offline metrics against the champion's). */
  async start(program: string, challengers: number[], actor: Actor): Promise<AppliedTransition> {
    const now = this.ctx.now();
    const result = await this.ctx.store
      .tx(async (repos) => {
        await requireProgram(repos, program);
        const policy = await repos.policies.get(program);
        if (!policy)
          throw new ConflictError(`program "${program}" has no policy: apply one first (\`arena apply -f policy.yaml\`)`, "no_policy");
        if ((await repos.rollouts.active()).some((r) => r.program === program))
          throw new ConflictError(`program "${program}" already has a rollout running; finish or abort it first`, "rollout_running");
        const champion = await repos.aliases.get(program, "champion");
        if (!champion) throw new ConflictError(`program "${program}" has no @champion to compare against`, "no_champion");
        const championCandidate = await requireCandidate(repos, program, champion.version);
        const gateResults = [];
        for (const v of challengers) {
          const candidate = await requireCandidate(repos, program, v);
          const blocker = aliasBlocker(candidate);
          if (blocker) throw new ConflictError(blocker, "not_aliasable");
          const { results, summary } = evaluateCandidate(policy.document, ["preproduction"], candidate, championCandidate);
          if (summary.outcome !== "pass") gateResults.push({ version: v, results, summary });
        }
        if (gateResults.length > 0) {
          const text = gateResults.map((g) => `v${g.version} ${g.summary.reason}`).join("; ");
          const decision = await repos.decisions.append({
            program,
            rolloutId: null,
            at: now.toISOString(),
            actor: actor.name,
            action: "gate_failed",
            fromStatus: null,
            toStatus: null,
            summary: `pre-production gate refused ${text}`,
            severity: "ticket",
            conditions: Object.fromEntries(gateResults.map((g) => [`v${g.version}`, g.results])),
            inputs: { champion: champion.version, challengers, policyRevision: policy.revision },
          });
          await enqueueNotifications(repos, now, {
            program,
            rolloutId: null,
            event: "gate_failed",
            severity: "ticket",
            summary: decision.summary,
            details: { decisionId: decision.id, champion: champion.version, challengers },
          });
          return { refused: decision };
        }
        const t = startRollout({
          id: randomUUID(),
          program,
          champion: champion.version,
          challengers,
          requestedBy: actor.name,
          plan: planFromPolicy(policy.document),
          policyRevision: policy.revision,
          now,
        });
        return { applied: await applyTransitionIn(repos, now, actor, null, t, { champion: champion.version, challengers }) };
      })
      .catch(actionError);
    if ("refused" in result && result.refused) throw new GateFailedError(result.refused.summary, result.refused);
    const applied = (result as { applied: AppliedTransition }).applied;
    this.ctx.servingChanged();
    return applied;
  }

  private async act(id: string, actor: Actor, step: (r: Rollout, now: Date) => Transition): Promise<AppliedTransition> {
    const now = this.ctx.now();
    const applied = await this.ctx.store
      .tx(async (repos) => {
        const r = await repos.rollouts.get(id);
        if (!r) throw new NotFoundError(`rollout "${id}" does not exist`);
        return applyTransitionIn(repos, now, actor, r, step(r, now));
      })
      .catch(actionError);
    if (applied.servingChanged) this.ctx.servingChanged();
    return applied;
  }

  pause(id: string, actor: Actor) {
    return this.act(id, actor, (r) => pause(r, actor.name));
  }
  resume(id: string, actor: Actor) {
    return this.act(id, actor, (r, now) => resume(r, actor.name, now));
  }
  abort(id: string, reason: string, actor: Actor) {
    return this.act(id, actor, (r, now) => abort(r, actor.name, reason, now));
  }
  approve(id: string, role: string, comment: string, actor: Actor) {
    return this.act(id, actor, (r, now) => approve(r, actor.name, role, comment, now));
  }
  reject(id: string, reason: string, actor: Actor) {
    return this.act(id, actor, (r, now) => reject(r, actor.name, reason, now));
  }
  rollback(id: string, reason: string, actor: Actor) {
    return this.act(id, actor, (r, now) => rollBack(r, actor.name, reason, now));
  }
  promote(id: string, actor: Actor) {
    return this.act(id, actor, (r, now) => promoteNow(r, actor.name, now));
  }

  async get(id: string): Promise<Rollout> {
    const r = await this.ctx.store.tx((repos) => repos.rollouts.get(id));
    if (!r) throw new NotFoundError(`rollout "${id}" does not exist`);
    return r;
  }

  async list(program?: string): Promise<Rollout[]> {
    return this.ctx.store.tx(async (repos) => {
      if (program) {
        await requireProgram(repos, program);
        return repos.rollouts.byProgram(program, 50);
      }
      return repos.rollouts.active();
    });
  }

  async decisions(filter: {
    program?: string | undefined;
    rolloutId?: string | undefined;
    after: number;
    limit: number;
  }): Promise<DecisionRecord[]> {
    return this.ctx.store.tx((repos) => repos.decisions.list(filter));
  }

  /** The rollout currently running for a program, if any. */
  async current(program: string): Promise<Rollout | null> {
    return (await this.list(program)).find((r) => !isTerminal(r.status)) ?? null;
  }
}
