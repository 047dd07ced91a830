import { aliasBlocker, rollbackTarget, versionAt } from "../../core/registry/rules.js";
import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { appendAudit } from "../audit/append.js";
import { requireCandidate } from "../candidates/service.js";
import type { Actor, ServiceContext } from "../context.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { programProtection } from "../changes/governance.js";
import { ChangePending } from "../changes/service.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import { requireProgram } from "../programs/service.js";
import { guardAliasMove } from "./protection.js";
import type { Repos } from "../store/store.js";

export interface MoveRequest {
  program: string;
  alias: string;
  version: number | null;
  reason: string;
  /** Compare-and-set: fail unless the alias points here now (null: unset). Undefined: no check. */
  expectedVersion?: number | null | undefined;
  action?: string;
  /** The rollout whose controller moves it, for the alias_moved notification. */
  rolloutId?: string;
  /** Set when a rollback bypasses a protection: the audit entry says so and why. */
  emergency?: string | null;
}

export interface MoveResult {
  changed: boolean;
  alias: AliasState | null;
  move: AliasMove | null;
}

/**
 * Moves an alias inside the caller's unit of work: checks, records the move,
 * writes the audit entry and bumps the serving revision, all or nothing.
 * Exported so the rollout controller can promote and roll back in its own transaction.
 */
export async function moveAliasIn(repos: Repos, now: Date, actor: Actor, req: MoveRequest): Promise<MoveResult> {
  await requireProgram(repos, req.program);
  const current = await repos.aliases.get(req.program, req.alias);
  const currentVersion = current?.version ?? null;
  if (req.expectedVersion !== undefined && req.expectedVersion !== currentVersion) {
    throw new ConflictError(
      `@${req.alias} points at ${currentVersion === null ? "nothing" : `v${currentVersion}`}, not ${req.expectedVersion === null ? "nothing" : `v${req.expectedVersion}`} as expected; someone moved it meanwhile`,
      "alias_moved",
    );
  }
  if (req.version !== null) {
    const blocker = aliasBlocker(await requireCandidate(repos, req.program, req.version));
    if (blocker) throw new ConflictError(blocker, "not_aliasable");
  }
  if (currentVersion === req.version) return { changed: false, alias: current, move: null };

  const at = now.toISOString();
  const move = await repos.aliases.appendMove({
    program: req.program,
    alias: req.alias,
    fromVersion: currentVersion,
    toVersion: req.version,
    actor: actor.name,
    reason: req.reason,
    at,
  });
  let state: AliasState | null = null;
  if (req.version === null) await repos.aliases.remove(req.program, req.alias);
  else {
    state = { program: req.program, alias: req.alias, version: req.version, movedAt: at, movedBy: actor.name };
    await repos.aliases.set(state);
  }
  await repos.serving.bump();
  await appendAudit(repos, now, actor, {
    action: req.action ?? (req.version === null ? "alias.delete" : "alias.move"),
    program: req.program,
    target: `${req.program}@${req.alias}`,
    before: { version: currentVersion },
    after: {
      version: req.version,
      reason: req.reason,
      moveId: move.id,
      ...(req.emergency ? { emergency: true, bypassed: req.emergency } : {}),
    },
  });
  const v = (x: number | null) => (x === null ? "(none)" : `v${x}`);
  await enqueueNotifications(repos, now, {
    program: req.program,
    rolloutId: req.rolloutId ?? null,
    event: "alias_moved",
    severity: "info",
    summary: `@${req.alias} of ${req.program}: ${v(currentVersion)} → ${v(req.version)} by ${actor.name} (${req.reason})`,
    details: {
      alias: req.alias,
      fromVersion: currentVersion,
      toVersion: req.version,
      moveId: move.id,
      actor: actor.name,
      reason: req.reason,
    },
  });
  return { changed: true, alias: state, move };
}

export class AliasService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Moves the alias, or, on a protected program, records the move as a change request (ChangePending). */
  async move(req: MoveRequest, actor: Actor): Promise<MoveResult | ChangePending> {
    const now = this.ctx.now();
    const result = await this.ctx.store.tx(async (repos) => {
      const guard = await guardAliasMove(repos, now, actor, req);
      if (guard instanceof ChangePending) return guard;
      return moveAliasIn(repos, now, actor, {
        ...req,
        ...(guard.emergency ? { emergency: guard.emergency, action: "alias.rollback" } : {}),
      });
    });
    if (!(result instanceof ChangePending) && result.changed) this.ctx.servingChanged();
    return result;
  }

  /**
   * For in-process system code only (the demo seeder resets its scenarios): moves without the
   * change-request guard. No route calls it, and no token can act as a system principal.
   */
  async moveAsSystem(req: MoveRequest, actor: Actor): Promise<MoveResult> {
    if (!actor.principalId.startsWith("system:")) throw new Error(`moveAsSystem is for system principals, not ${actor.name}`);
    const result = await this.ctx.store.tx((repos) => moveAliasIn(repos, this.ctx.now(), actor, req));
    if (result.changed) this.ctx.servingChanged();
    return result;
  }

  /** Moves the alias back to where it pointed before its latest move. */
  async rollback(program: string, alias: string, reason: string, actor: Actor): Promise<MoveResult> {
    const result = await this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      const target = rollbackTarget(await repos.aliases.moves(program, alias));
      if (!target) throw new ConflictError(`@${alias} of "${program}" has no earlier version to roll back to`, "no_rollback_target");
      // Always at once, approvals or not: on a protected program the entry records the bypass.
      const protection = await programProtection(repos, program);
      return moveAliasIn(repos, this.ctx.now(), actor, {
        ...(protection.protected ? { emergency: protection.because } : {}),
        program,
        alias,
        version: target.to,
        reason,
        expectedVersion: target.from,
        action: "alias.rollback",
      });
    });
    if (result.changed) this.ctx.servingChanged();
    return result;
  }

  async get(program: string, alias: string): Promise<AliasState> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      const state = await repos.aliases.get(program, alias);
      if (!state) throw new NotFoundError(`alias @${alias} of "${program}" is not set`);
      return state;
    });
  }

  /** The version the alias pointed at, at time `at` (null if none). */
  async at(program: string, alias: string, at: Date): Promise<number | null> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      return versionAt(await repos.aliases.moves(program, alias), at.toISOString());
    });
  }

  async list(program: string): Promise<AliasState[]> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      return repos.aliases.list(program);
    });
  }

  async history(program: string, alias?: string): Promise<AliasMove[]> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      return repos.aliases.moves(program, alias);
    });
  }
}
