/**
 * Which sign-off actions the signed-in principal may take on a rollout, by the
 * same rules the server applies (src/core/rollout/approvals.ts, actions.ts):
 * never the requester, only a member of a role still missing, one role per
 * person. Buttons the server would refuse are not shown at all.
 */
import type { Rollout, WhoAmI } from "../api/types.js";
import { missingRoles } from "./next.js";

export interface SignOff {
  /** Roles this principal may approve as now (empty: no Approve button). */
  approveAs: string[];
  /** Whether Reject is offered (an approver who is not the requester). */
  reject: boolean;
  /** Why Approve is not offered to an approver, in words; null when it is, or when they are no approver. */
  why: string | null;
}

export function signOffFor(r: Rollout, who: Pick<WhoAmI, "name"> | null, canApprove: boolean): SignOff {
  const none = (why: string | null): SignOff => ({ approveAs: [], reject: false, why });
  if (!canApprove || who === null || r.status !== "awaiting_approval") return none(null);
  if (who.name === r.requestedBy) return none(`You requested this rollout: someone else must approve it (to stop it, abort it).`);
  const missing = missingRoles(r);
  const signed = r.approvals.find((a) => a.by === who.name);
  const named = r.plan.approvalRoles;
  const approveAs = signed
    ? []
    : named.length > 0
      ? named.filter((x) => missing.includes(x.name) && x.members.includes(who.name)).map((x) => x.name)
      : missing;
  const why =
    approveAs.length > 0
      ? null
      : signed
        ? `You signed off as ${signed.role}; each role needs a different person.`
        : `Waiting for ${missing.join(", ")}; you are not a member of ${missing.length === 1 ? "that role" : "those roles"}.`;
  return { approveAs, reject: true, why };
}
