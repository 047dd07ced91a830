import { randomUUID } from "node:crypto";
import type { Protection } from "../../core/auth/protection.js";
import { rolesAllow, rolesGranting } from "../../core/auth/roles.js";
import { appendAudit } from "../audit/append.js";
import { canonicalJson } from "../audit/chain.js";
import type { Actor, ServiceContext } from "../context.js";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { Repos } from "../store/store.js";
import type { ChangeKind, ChangeRequest, ChangeStatus } from "./store.js";

/** Applies an approved change inside the approving unit of work; throws if the state moved on since the request. */
export type ChangeApplier = (repos: Repos, now: Date, requester: Actor, cr: ChangeRequest) => Promise<{ servingChanged: boolean }>;

/** Answer of a direct call whose change now waits for approval (HTTP 202). */
export class ChangePending {
  constructor(readonly changeRequest: ChangeRequest) {}
  get message(): string {
    const roles = this.changeRequest.requiredRoles.map((r) => (r.members ? `${r.name} (${r.members.join(", ")})` : r.name)).join(" and ");
    return `not applied: ${this.changeRequest.protectedBecause}; change request ${this.changeRequest.id} waits for approval by ${roles}, a principal other than ${this.changeRequest.requestedBy.name} (\`arena change approve ${this.changeRequest.id}\`)`;
  }
}

/** Records a protected change as a pending request, with its diff, in the caller's unit of work. */
export async function proposeChangeIn(
  repos: Repos,
  now: Date,
  actor: Actor,
  p: {
    program: string | null;
    kind: ChangeKind;
    change: Record<string, unknown>;
    diff: { before: unknown; after: unknown };
    reason: string;
    protection: Protection;
    why?: string;
  },
): Promise<ChangePending> {
  const cr: ChangeRequest = {
    id: `cr_${randomUUID().slice(0, 8)}`,
    program: p.program,
    kind: p.kind,
    status: "pending",
    change: p.change,
    diff: p.diff,
    protectedBecause: p.why ? `${p.protection.because}, and ${p.why}` : p.protection.because,
    reason: p.reason,
    requestedBy: { id: actor.principalId, name: actor.name },
    requestedAt: now.toISOString(),
    requiredRoles: p.protection.roles,
    approvals: [],
    decidedBy: null,
    decidedAt: null,
    decision: null,
  };
  await repos.changes.insert(cr);
  await appendAudit(repos, now, actor, {
    action: "change.request",
    program: p.program,
    target: `change/${cr.id}`,
    before: p.diff.before,
    after: { kind: cr.kind, diff: cr.diff, reason: cr.reason, requiredRoles: cr.requiredRoles },
  });
  return new ChangePending(cr);
}

const requesterOf = (cr: ChangeRequest): Actor => ({
  name: cr.requestedBy.name,
  principalId: cr.requestedBy.id,
  tokenId: `change-request:${cr.id}`,
  roles: [],
});

/** Approving and rejecting change requests; an approval that completes the sign-offs applies the change in the same unit of work. */
export class ChangeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly appliers: Record<ChangeKind, ChangeApplier>,
  ) {}

  async list(filter: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    return this.ctx.store.tx((r) => r.changes.list(filter));
  }

  async get(id: string): Promise<ChangeRequest> {
    const found = await this.ctx.store.tx((r) => r.changes.get(id));
    if (!found) throw new NotFoundError(`no change request "${id}"`);
    return found;
  }

  /** Signs off for a role; the last sign-off applies the change atomically (or nothing happens). */
  async approve(id: string, role: string | undefined, comment: string, actor: Actor): Promise<ChangeRequest> {
    const now = this.ctx.now();
    let servingChanged = false;
    const result = await this.ctx.store.tx(async (repos) => {
      const cr = await pendingIn(repos, id);
      if (actor.principalId === cr.requestedBy.id)
        throw new ForbiddenError(
          `${actor.name} requested change ${id} and cannot approve it, whichever token is used; ask another principal`,
        );
      if (!rolesAllow(actor.roles, "rollout:approve"))
        throw new ForbiddenError(
          `${actor.name} (roles: ${actor.roles.join(", ")}) may not approve changes; needs one of: ${rolesGranting("rollout:approve").join(", ")}`,
        );
      const open = cr.requiredRoles.filter((r) => !cr.approvals.some((a) => a.role === r.name));
      const chosen =
        role === undefined
          ? open.find((r) => r.members === null || r.members.includes(actor.name))
          : cr.requiredRoles.find((r) => r.name === role);
      if (!chosen) {
        throw role === undefined
          ? new ForbiddenError(
              `${actor.name} is not a member of any role still needed for ${id}: ${open.map((r) => `${r.name} (${r.members?.join(", ") ?? "any approver"})`).join("; ")}`,
            )
          : new ValidationError(`body.role: "${role}" is not a role of change ${id}: ${cr.requiredRoles.map((r) => r.name).join(", ")}`);
      }
      if (chosen.members !== null && !chosen.members.includes(actor.name))
        throw new ForbiddenError(`${actor.name} is not a member of approval role "${chosen.name}" (members: ${chosen.members.join(", ")})`);
      if (cr.approvals.some((a) => a.role === chosen.name))
        throw new ConflictError(`role "${chosen.name}" has already signed off change ${id}`, "already_approved");
      if (cr.approvals.some((a) => a.by.id === actor.principalId))
        throw new ForbiddenError(`${actor.name} already signed off change ${id} for another role; each role needs a different principal`);
      const approved: ChangeRequest = {
        ...cr,
        approvals: [
          ...cr.approvals,
          { role: chosen.name, by: { id: actor.principalId, name: actor.name }, at: now.toISOString(), comment },
        ],
      };
      const complete = approved.requiredRoles.every((r) => approved.approvals.some((a) => a.role === r.name));
      await appendAudit(repos, now, actor, {
        action: "change.approve",
        program: cr.program,
        target: `change/${id}`,
        before: null,
        after: { role: chosen.name, comment, requestedBy: cr.requestedBy },
      });
      if (!complete) {
        await repos.changes.update(approved);
        return approved;
      }
      try {
        servingChanged = (await this.appliers[cr.kind](repos, now, requesterOf(cr), cr)).servingChanged;
      } catch (error) {
        if (error instanceof AppError && error.status < 500)
          throw new ConflictError(
            `change ${id} can no longer be applied as requested: ${error.message}; reject it and request the change again`,
            "change_stale",
          );
        throw error;
      }
      const applied: ChangeRequest = {
        ...approved,
        status: "applied",
        decidedBy: { id: actor.principalId, name: actor.name },
        decidedAt: now.toISOString(),
        decision: comment || "approved",
      };
      await repos.changes.update(applied);
      await appendAudit(repos, now, actor, {
        action: "change.apply",
        program: cr.program,
        target: `change/${id}`,
        before: cr.diff.before,
        after: {
          kind: cr.kind,
          diff: cr.diff,
          requestedBy: cr.requestedBy,
          approvedBy: applied.approvals.map((a) => ({ role: a.role, ...a.by })),
        },
      });
      return applied;
    });
    if (servingChanged) this.ctx.servingChanged();
    return result;
  }

  /** Refuses a change (any approver), or withdraws it (its requester). */
  async reject(id: string, reason: string, actor: Actor): Promise<ChangeRequest> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      const cr = await pendingIn(repos, id);
      const own = actor.principalId === cr.requestedBy.id;
      if (!own && !rolesAllow(actor.roles, "rollout:approve"))
        throw new ForbiddenError(
          `${actor.name} may not reject change ${id}; needs one of: ${rolesGranting("rollout:approve").join(", ")} (or be its requester)`,
        );
      const rejected: ChangeRequest = {
        ...cr,
        status: "rejected",
        decidedBy: { id: actor.principalId, name: actor.name },
        decidedAt: now.toISOString(),
        decision: reason,
      };
      await repos.changes.update(rejected);
      await appendAudit(repos, now, actor, {
        action: own ? "change.withdraw" : "change.reject",
        program: cr.program,
        target: `change/${id}`,
        before: null,
        after: { reason, requestedBy: cr.requestedBy },
      });
      return rejected;
    });
  }
}

async function pendingIn(repos: Repos, id: string): Promise<ChangeRequest> {
  const cr = await repos.changes.get(id);
  if (!cr) throw new NotFoundError(`no change request "${id}"`);
  if (cr.status !== "pending") throw new ConflictError(`change request ${id} is ${cr.status}, not pending`, "not_pending");
  return cr;
}

/** Whether the state a change request replaces is still the state now (else applying it would overwrite someone's change). */
export function sameState(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
