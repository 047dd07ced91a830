import { PolicyDocument } from "../../contracts/policy.js";
import { canonicalJson } from "../audit/chain.js";
import { appendAudit } from "../audit/append.js";
import { checkIfMatch } from "../http/etag.js";
import type { Actor, ServiceContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { ProgramService } from "../programs/service.js";
import { programProtection } from "../changes/governance.js";
import { ChangePending, proposeChangeIn } from "../changes/service.js";
import type { Repos } from "../store/store.js";
import type { StoredPolicy } from "./store.js";

export interface ApplyResult {
  changed: boolean;
  createdProgram: boolean;
  policy: StoredPolicy;
}

/**
 * Policy as code: `apply` is idempotent (the same document twice is one
 * revision), creates the program if needed, and installs the policy's metric
 * definitions and segments with it, all in one unit of work.
 */
/** A policy's entity tag is its revision: If-Match "r3" applies only over revision 3. */
export const policyEtag = (revision: number) => `"r${revision}"`;

/** Installs a policy revision with its metrics and segments, inside the caller's unit of work. */
export async function applyPolicyIn(r: Repos, now: Date, actor: Actor, normalised: PolicyDocument): Promise<StoredPolicy> {
  const current = await r.policies.get(normalised.program);
  const stored: StoredPolicy = {
    program: normalised.program,
    revision: (current?.revision ?? 0) + 1,
    document: normalised,
    appliedAt: now.toISOString(),
    appliedBy: actor.name,
  };
  await r.policies.put(stored);
  const existing = new Set((await r.metrics.list(normalised.program)).map((m) => m.name));
  for (const [name, body] of Object.entries(normalised.metrics)) {
    await r.metrics.put(normalised.program, { name, ...body });
    existing.delete(name);
  }
  for (const stale of existing) await r.metrics.remove(normalised.program, stale);
  await r.metrics.putSegments(normalised.program, { dimensions: normalised.segments });
  await appendAudit(r, now, actor, {
    action: "policy.apply",
    program: normalised.program,
    target: `${normalised.program}/policy`,
    before: current ? { revision: current.revision } : null,
    after: { revision: stored.revision, document: normalised },
  });
  return stored;
}

export class PolicyService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly programs: ProgramService,
    private readonly onChange: () => void,
  ) {}

  /** With `ifMatch`, only when the policy in force is still the revision the caller read (412 otherwise). */
  async apply(document: PolicyDocument, actor: Actor, ifMatch?: "*" | string[]): Promise<ApplyResult | ChangePending> {
    const normalised = PolicyDocument.parse(document);
    let createdProgram = false;
    if (!(await this.ctx.store.tx((r) => r.programs.get(normalised.program)))) {
      // Nothing to match yet: refuse before creating the program.
      checkIfMatch(ifMatch, null, `the policy of "${normalised.program}"`);
      await this.programs.create({ name: normalised.program, description: normalised.description, owners: normalised.owners }, actor);
      createdProgram = true;
    }
    const now = this.ctx.now();
    const result = await this.ctx.store.tx(async (r) => {
      const current = await r.policies.get(normalised.program);
      checkIfMatch(ifMatch, current ? policyEtag(current.revision) : null, `the policy of "${normalised.program}"`);
      if (current && canonicalJson(current.document) === canonicalJson(normalised))
        return { changed: false, createdProgram, policy: current };
      // The policy decides what needs approval, so changing it on a protected program needs approval too.
      const protection = await programProtection(r, normalised.program);
      if (protection.protected) {
        return proposeChangeIn(r, now, actor, {
          program: normalised.program,
          kind: "policy.apply",
          change: { document: normalised, baseRevision: current?.revision ?? 0 },
          diff: { before: current ? { revision: current.revision, document: current.document } : null, after: { document: normalised } },
          reason: `apply a new policy to ${normalised.program}`,
          protection,
        });
      }
      return { changed: true, createdProgram, policy: await applyPolicyIn(r, now, actor, normalised) };
    });
    if (result instanceof ChangePending) return result;
    if (result.changed) this.onChange();
    return result;
  }

  async get(program: string): Promise<StoredPolicy> {
    const found = await this.ctx.store.tx((r) => r.policies.get(program));
    if (!found) throw new NotFoundError(`program "${program}" has no policy yet: \`arena apply -f policy.yaml\``);
    return found;
  }
}
