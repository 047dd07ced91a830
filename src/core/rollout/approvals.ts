import type { Approval, Rollout } from "./types.js";

/** Roles still missing a sign-off at the current approval point. Without named roles, any one approver will do. */
export function missingApprovals(r: Rollout): string[] {
  const roles = r.plan.approvalRoles.length > 0 ? r.plan.approvalRoles.map((x) => x.name) : ["approver"];
  return roles.filter((role) => !r.approvals.some((a) => a.role === role));
}

export class ApprovalError extends Error {
  constructor(
    message: string,
    readonly code: "not_awaiting" | "self_approval" | "not_member" | "already_approved" | "same_person_twice",
  ) {
    super(message);
  }
}

/** Checks and records a sign-off: never the requester, only a member of the role, one role per person. */
export function addApproval(r: Rollout, by: string, role: string, comment: string, at: Date): Approval[] {
  if (r.status !== "awaiting_approval") throw new ApprovalError(`rollout ${r.id} is ${r.status}, not awaiting approval`, "not_awaiting");
  if (by === r.requestedBy)
    throw new ApprovalError(`${by} requested this rollout and cannot approve it; ask someone else`, "self_approval");
  const roles = r.plan.approvalRoles;
  if (roles.length > 0) {
    const named = roles.find((x) => x.name === role);
    if (!named)
      throw new ApprovalError(
        `role "${role}" is not one of this program's approval roles: ${roles.map((x) => x.name).join(", ")}`,
        "not_member",
      );
    if (!named.members.includes(by))
      throw new ApprovalError(`${by} is not a member of approval role "${role}" (members: ${named.members.join(", ")})`, "not_member");
  } else if (role !== "approver") {
    throw new ApprovalError(`this program names no approval roles; approve with role "approver"`, "not_member");
  }
  if (r.approvals.some((a) => a.role === role)) throw new ApprovalError(`role "${role}" has already signed off`, "already_approved");
  if (r.approvals.some((a) => a.by === by))
    throw new ApprovalError(`${by} already signed off for another role; each role needs a different person`, "same_person_twice");
  return [...r.approvals, { role, by, at: at.toISOString(), comment }];
}
