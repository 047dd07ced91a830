import type { SetTrafficBody } from "../../contracts/traffic.js";
import { PolicyDocument } from "../../contracts/policy.js";
import { moveAliasIn } from "../aliases/service.js";
import { ConflictError } from "../errors.js";
import { liftFreezeIn } from "../freeze/service.js";
import { applyPolicyIn } from "../policies/service.js";
import { setTrafficIn } from "../traffic/service.js";
import type { ChangeApplier } from "./service.js";
import { sameState } from "./service.js";
import type { ChangeKind } from "./store.js";

/**
 * How each kind of change request is applied on approval: by the same in-transaction
 * function the direct call uses, after checking the state is still the one that was
 * approved (compare-and-set), so an approval never applies over someone else's change.
 */
export function changeAppliers(onPolicyChange: () => void): Record<ChangeKind, ChangeApplier> {
  return {
    "alias.move": async (repos, now, requester, cr) => {
      const c = cr.change as { alias: string; version: number | null; expectedVersion: number | null; reason: string };
      const moved = await moveAliasIn(repos, now, requester, {
        program: cr.program!,
        alias: c.alias,
        version: c.version,
        expectedVersion: c.expectedVersion,
        reason: c.reason,
        action: "alias.move",
      });
      return { servingChanged: moved.changed };
    },
    "traffic.set": async (repos, now, requester, cr) => {
      if (!sameState(await repos.traffic.get(cr.program!), cr.diff.before))
        throw new ConflictError(`the traffic plan of "${cr.program}" changed since the request`, "change_stale");
      await setTrafficIn(repos, now, requester, cr.program!, cr.change as unknown as SetTrafficBody);
      return { servingChanged: true };
    },
    "policy.apply": async (repos, now, requester, cr) => {
      const c = cr.change as { document: unknown; baseRevision: number };
      if (((await repos.policies.get(cr.program!))?.revision ?? 0) !== c.baseRevision)
        throw new ConflictError(`the policy of "${cr.program}" changed since the request`, "change_stale");
      await applyPolicyIn(repos, now, requester, PolicyDocument.parse(c.document));
      onPolicyChange();
      return { servingChanged: false };
    },
    "freeze.lift": async (repos, now, requester, cr) => {
      await liftFreezeIn(repos, now, requester, cr.program);
      return { servingChanged: false };
    },
  };
}
