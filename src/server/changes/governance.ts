import { protectionOf, type Protection } from "../../core/auth/protection.js";
import { ConflictError } from "../errors.js";
import type { Repos } from "../store/store.js";

/** Reads what decides whether a program's changes are protected (policy approvals, a running rollout). */
export async function programProtection(repos: Repos, program: string): Promise<Protection> {
  const policy = await repos.policies.get(program);
  const running = (await repos.rollouts.active()).find((r) => r.program === program);
  return protectionOf({
    program,
    approvalRoles: policy?.document.approvals.roles ?? [],
    stepApprovals: policy?.document.rollout.steps?.some((s) => s.approval) ?? false,
    runningRollout: running?.id ?? null,
  });
}

/** The global freeze protects every program: lifting it is protected if any program is. */
export async function globalProtection(repos: Repos): Promise<Protection> {
  for (const p of await repos.programs.list()) {
    const found = await programProtection(repos, p.name);
    if (found.protected) return { ...found, because: `lifting the global freeze releases "${p.name}": ${found.because}` };
  }
  return { protected: false, because: "", roles: [{ name: "approver", members: null }] };
}

/**
 * Metric definitions and segments decide what the gates measure: on a protected program they
 * change only with the policy (a change request), never directly.
 */
export async function refuseWhenProtected(repos: Repos, program: string, what: string): Promise<void> {
  const p = await programProtection(repos, program);
  if (p.protected)
    throw new ConflictError(
      `${what} of "${program}" cannot be changed directly: ${p.because}; change the policy instead (\`arena apply\`), which asks for approval`,
      "protected",
    );
}
