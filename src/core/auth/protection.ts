/**
 * Which changes must wait for a second principal. On a program whose policy requires
 * approvals, or while a rollout runs on it, a change that would serve a version the policy
 * has not cleared becomes a change request; a move back to a safer state applies at once.
 * Pure: the server reads the state, these functions judge it.
 */
import type { TrafficArm } from "../assignment/traffic-plan.js";

export interface ApprovalRole {
  name: string;
  /** null: any principal whose role grants rollout:approve. */
  members: string[] | null;
}

export interface Protection {
  protected: boolean;
  because: string;
  /** Roles that must each sign off (different principals, never the requester). */
  roles: ApprovalRole[];
}

export interface ProgramGovernance {
  program: string;
  /** Named approval roles of the policy in force (empty: none named). */
  approvalRoles: { name: string; members: string[] }[];
  /** Whether any rollout step of the policy waits for approvals. */
  stepApprovals: boolean;
  /** The id of the rollout running on the program, if any. */
  runningRollout: string | null;
}

/** Whether a program's changes are protected, and by whom they must be approved. */
export function protectionOf(g: ProgramGovernance): Protection {
  const roles: ApprovalRole[] =
    g.approvalRoles.length > 0
      ? g.approvalRoles.map((r) => ({ name: r.name, members: [...r.members] }))
      : [{ name: "approver", members: null }];
  if (g.approvalRoles.length > 0 || g.stepApprovals)
    return { protected: true, because: `the policy of "${g.program}" requires approvals`, roles };
  if (g.runningRollout) return { protected: true, because: `rollout ${g.runningRollout} is running on "${g.program}"`, roles };
  return { protected: false, because: "", roles };
}

export type AliasVerdict = { direct: true; emergency: boolean } | { direct: false; why: string };

/**
 * An alias move on a protected program: rolling back to the recorded rollback target, and
 * unsetting an alias other than @champion, make it safer and apply at once (audited as an
 * emergency); naming the very first @champion applies at once; anything else waits.
 */
export function judgeAliasMove(m: {
  alias: string;
  current: number | null;
  target: number | null;
  rollback: { from: number | null; to: number | null } | null;
}): AliasVerdict {
  if (m.current === m.target) return { direct: true, emergency: false };
  if (m.rollback && m.rollback.from === m.current && m.rollback.to === m.target) return { direct: true, emergency: true };
  if (m.target === null)
    return m.alias === "champion"
      ? { direct: false, why: "unsetting @champion leaves the program without its safe default" }
      : { direct: true, emergency: true };
  if (m.alias === "champion" && m.current === null) return { direct: true, emergency: false };
  return { direct: false, why: `moving @${m.alias} to v${m.target} would serve a version the policy has not cleared` };
}

interface Split {
  slots: number;
  arms: TrafficArm[];
  overrides: Record<string, string>;
}

/** Share of units and number of overrides each non-champion alias gets. */
function exposure(plan: Split | null): Map<string, { share: number; overrides: number }> {
  const out = new Map<string, { share: number; overrides: number }>();
  const at = (alias: string) => out.get(alias) ?? { share: 0, overrides: 0 };
  for (const arm of plan?.arms ?? [])
    if (arm.alias !== "champion") out.set(arm.alias, { ...at(arm.alias), share: at(arm.alias).share + arm.weight });
  for (const alias of Object.values(plan?.overrides ?? {}))
    if (alias !== "champion") out.set(alias, { ...at(alias), overrides: at(alias).overrides + 1 });
  return out;
}

/** A traffic change waits if it raises any non-champion alias's share or gives it more pinned units; lowering applies at once. */
export function judgeTraffic(before: Split | null, after: Split): { raises: string | null } {
  const old = exposure(before);
  for (const [alias, now] of exposure(after)) {
    const was = old.get(alias) ?? { share: 0, overrides: 0 };
    if (now.share > was.share + 1e-12)
      return { raises: `@${alias} would serve ${(now.share * 100).toPrecision(3)} % of units (now ${(was.share * 100).toPrecision(3)} %)` };
    if (now.overrides > was.overrides) return { raises: `${now.overrides - was.overrides} more unit(s) would be pinned to @${alias}` };
  }
  return { raises: null };
}
