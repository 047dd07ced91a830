import { judgeAliasMove } from "../../core/auth/protection.js";
import { aliasBlocker, rollbackTarget } from "../../core/registry/rules.js";
import { requireCandidate } from "../candidates/service.js";
import { programProtection } from "../changes/governance.js";
import { proposeChangeIn, type ChangePending } from "../changes/service.js";
import type { Actor } from "../context.js";
import { ConflictError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import type { Repos } from "../store/store.js";
import type { MoveRequest } from "./service.js";

/**
 * Decides, inside the caller's unit of work, whether a direct alias move may apply: on a
 * protected program a forward move becomes a change request; a rollback to the recorded
 * target applies at once and is flagged as an emergency bypass in the audit trail.
 */
export async function guardAliasMove(
  repos: Repos,
  now: Date,
  actor: Actor,
  req: MoveRequest,
): Promise<ChangePending | { emergency: string | null }> {
  await requireProgram(repos, req.program);
  const protection = await programProtection(repos, req.program);
  if (!protection.protected) return { emergency: null };
  const current = (await repos.aliases.get(req.program, req.alias))?.version ?? null;
  // A stale compare-and-set fails in moveAliasIn with its own 409.
  if (req.expectedVersion !== undefined && req.expectedVersion !== current) return { emergency: null };
  const verdict = judgeAliasMove({
    alias: req.alias,
    current,
    target: req.version,
    rollback: rollbackTarget(await repos.aliases.moves(req.program, req.alias)),
  });
  if (verdict.direct) return { emergency: verdict.emergency ? protection.because : null };
  if (req.version !== null) {
    const blocker = aliasBlocker(await requireCandidate(repos, req.program, req.version));
    if (blocker) throw new ConflictError(blocker, "not_aliasable");
  }
  return proposeChangeIn(repos, now, actor, {
    program: req.program,
    kind: "alias.move",
    change: { alias: req.alias, version: req.version, expectedVersion: current, reason: req.reason },
    diff: { before: { alias: req.alias, version: current }, after: { alias: req.alias, version: req.version } },
    reason: req.reason,
    protection,
    why: verdict.why,
  });
}
