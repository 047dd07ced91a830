import { randomUUID } from "node:crypto";
import {
  activeAdmins,
  nameSkeleton,
  principalNameProblem,
  systemPrincipalId,
  type Principal,
  type PrincipalKind,
} from "../../core/auth/principals.js";
import type { Role } from "../../core/auth/roles.js";
import { appendAudit } from "../audit/append.js";
import { SYSTEM_ACTOR, type Actor, type ServiceContext } from "../context.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { Repos } from "../store/store.js";

/** A principal by id or by name. */
export async function findPrincipal(repos: Repos, ref: string): Promise<Principal | null> {
  return (await repos.principals.get(ref)) ?? (await repos.principals.byName(ref));
}

/** Refuses a change that would leave no active admin able to sign in (a lockout only --recover-admin could end). */
export async function refuseLastAdmin(repos: Repos, without: { principalId?: string; tokenId?: string }, what: string): Promise<void> {
  const principals = await repos.principals.list();
  const tokens = await repos.tokens.list();
  if (activeAdmins(principals, tokens).length > 0 && activeAdmins(principals, tokens, without).length === 0) {
    throw new ConflictError(
      `${what} would leave no active admin: create another admin principal and token first (\`arena principal create NAME --role admin\`)`,
      "last_admin",
    );
  }
}

/** Creates a principal inside the caller's unit of work; names are checked against the reserved ones and look-alikes. */
export async function createPrincipalIn(
  repos: Repos,
  now: Date,
  actor: Actor,
  input: { name: string; kind: PrincipalKind; roles: Role[] },
  system = false,
): Promise<Principal> {
  if (!system) {
    const problem = principalNameProblem(input.name);
    if (problem)
      throw problem.includes("reserved")
        ? new ForbiddenError(`body.name: ${problem}`)
        : new ValidationError(`body.name: ${problem}`, [{ path: "body.name", message: problem }]);
    if (input.kind === "system") throw new ForbiddenError("body.kind: system principals are reserved; create a person or a service");
  }
  const clash = (await repos.principals.list()).find((p) => sameSkeleton(p.name, input.name));
  if (clash) {
    throw new ConflictError(
      clash.name === input.name
        ? `principal "${input.name}" exists already (names are never reused)`
        : `"${input.name}" looks like the existing principal "${clash.name}"; pick a distinct name`,
      "principal_exists",
    );
  }
  const principal: Principal = {
    id: input.kind === "system" ? systemPrincipalId(input.name) : `p_${randomUUID()}`,
    name: input.name,
    kind: input.kind,
    roles: [...new Set(input.roles)],
    createdAt: now.toISOString(),
    createdBy: actor.name,
    disabledAt: null,
  };
  await repos.principals.insert(principal);
  await appendAudit(repos, now, actor, {
    action: "principal.create",
    program: null,
    target: `principal/${principal.id}`,
    before: null,
    after: principal,
  });
  return principal;
}

const sameSkeleton = (a: string, b: string) => nameSkeleton(a) === nameSkeleton(b);

export class PrincipalService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(input: { name: string; kind: PrincipalKind; roles: Role[] }, actor: Actor): Promise<Principal> {
    return this.ctx.store.tx((repos) => createPrincipalIn(repos, this.ctx.now(), actor, input));
  }

  async list(): Promise<Principal[]> {
    return this.ctx.store.tx((repos) => repos.principals.list());
  }

  async get(ref: string): Promise<Principal> {
    const found = await this.ctx.store.tx((repos) => findPrincipal(repos, ref));
    if (!found) throw new NotFoundError(`no principal with id or name "${ref}"`);
    return found;
  }

  /** Disables a principal and so every one of its tokens; never the last active admin. */
  async disable(ref: string, actor: Actor): Promise<Principal> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      const found = await findPrincipal(repos, ref);
      if (!found) throw new NotFoundError(`no principal with id or name "${ref}"`);
      if (found.kind === "system" && found.name !== "bootstrap-admin")
        throw new ForbiddenError(`"${found.name}" is a reserved system principal`);
      if (found.disabledAt !== null) throw new ConflictError(`principal "${found.name}" is disabled already`, "already_disabled");
      await refuseLastAdmin(repos, { principalId: found.id }, `disabling "${found.name}"`);
      await repos.principals.disable(found.id, now.toISOString());
      await appendAudit(repos, now, actor, {
        action: "principal.disable",
        program: null,
        target: `principal/${found.id}`,
        before: { disabledAt: null },
        after: { disabledAt: now.toISOString() },
      });
      return { ...found, disabledAt: now.toISOString() };
    });
  }
}

/** The system principal that first-start and recovery tokens belong to. */
export async function ensureSystemPrincipal(repos: Repos, now: Date, name: string, roles: Role[]): Promise<Principal> {
  return (
    (await repos.principals.get(systemPrincipalId(name))) ??
    createPrincipalIn(repos, now, SYSTEM_ACTOR, { name, kind: "system", roles }, true)
  );
}
