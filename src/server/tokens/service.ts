import { createHash, randomBytes, randomUUID } from "node:crypto";
import { effectiveRoles, principalNameProblem, type Principal } from "../../core/auth/principals.js";
import type { Role } from "../../core/auth/roles.js";
import { appendAudit } from "../audit/append.js";
import { SYSTEM_ACTOR, type Actor, type ServiceContext } from "../context.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { createPrincipalIn, ensureSystemPrincipal, findPrincipal, refuseLastAdmin } from "../principals/service.js";
import type { Repos } from "../store/store.js";
import { principalSealMessage, tokenSealMessage, type SealChecker } from "../seals/seal.js";
import type { StoredToken } from "./store.js";

export const TOKEN_PREFIX = "arena_";

/** Tokens are 256-bit random secrets, so one fast sha256 is enough (no dictionary to guess from). */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A short digest of the stored hash, kept in the audit trail so a swapped hash is detected (verify --state). */
export const hashFingerprint = (hash: string): string => createHash("sha256").update(hash).digest("hex").slice(0, 32);

export type TokenInfo = Omit<StoredToken, "hash">;
const info = ({ hash: _hash, ...rest }: StoredToken): TokenInfo => rest;
/** What the audit trail records of a token: everything but the hash, plus the hash's fingerprint. */
export const auditedToken = (t: StoredToken) => ({ ...info(t), fingerprint: hashFingerprint(t.hash) });

export class TokenService {
  /** `seals`: refuse token and principal rows whose seal does not check out (null: a bare store without seals, e.g. backtests). */
  constructor(
    private readonly ctx: ServiceContext,
    private readonly seals: SealChecker | null = null,
  ) {}

  /**
   * Creates a token; the secret is returned once and never stored. It belongs to `principal`
   * (id or name) if given, else to the principal called `name`, created with `roles` if new.
   */
  async create(
    name: string,
    roles: Role[],
    actor: Actor,
    principal?: string,
  ): Promise<TokenInfo & { token: string; principalName: string }> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      const owner = await ownerFor(repos, now, actor, name, roles, principal);
      return { ...(await mintIn(repos, now, actor, name, roles, owner)), principalName: owner.name };
    });
  }

  /** On first start only: creates the bootstrap admin principal and its token, and returns the secret (to print once). */
  async bootstrapAdmin(): Promise<string | null> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      if ((await repos.tokens.count()) > 0) return null;
      const owner = await ensureSystemPrincipal(repos, now, "bootstrap-admin", ["admin"]);
      return (await mintIn(repos, now, SYSTEM_ACTOR, "bootstrap-admin", ["admin"], owner, "token.bootstrap")).token;
    });
  }

  /**
   * Gives every token made before principals existed a principal: one per distinct token name
   * (a name was the identity then), holding the union of its tokens' roles. Names that are now
   * reserved or invalid become "legacy-…" principals. Idempotent; audited.
   */
  async adoptLegacyTokens(): Promise<number> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      const orphans = (await repos.tokens.list()).filter((t) => t.principalId === null);
      const byName = new Map<string, StoredToken[]>();
      for (const t of orphans) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
      for (const [name, group] of byName) {
        const roles = [...new Set(group.flatMap((t) => t.roles))];
        let owner: Principal | null;
        if (name === "bootstrap-admin" && group.every((t) => t.createdBy === SYSTEM_ACTOR.name))
          owner = await ensureSystemPrincipal(repos, now, name, ["admin"]);
        else {
          const clean =
            principalNameProblem(name) === null
              ? name
              : `legacy-${name
                  .toLowerCase()
                  .replace(/[^a-z0-9._-]/g, "-")
                  .slice(0, 40)}-${group[0]!.id.slice(0, 6)}`;
          owner =
            (await repos.principals.byName(clean)) ??
            (await createPrincipalIn(repos, now, SYSTEM_ACTOR, { name: clean, kind: "person", roles }, true));
        }
        for (const t of group) {
          await repos.tokens.setPrincipal(t.id, owner.id);
          await appendAudit(repos, now, SYSTEM_ACTOR, {
            action: "token.adopt",
            program: null,
            target: `token/${t.id}`,
            before: { principalId: null },
            after: { principalId: owner.id, principal: owner.name },
          });
        }
      }
      return orphans.length;
    });
  }

  /** `arena server --recover-admin`: a new admin principal and token, minted by the system and audited. */
  async recoverAdmin(): Promise<{ principal: Principal; token: string }> {
    const now = this.ctx.now();
    return this.ctx.store.tx((repos) => recoverAdminIn(repos, now));
  }

  async list(): Promise<(TokenInfo & { principalName: string | null })[]> {
    return this.ctx.store.tx(async (repos) => {
      const names = new Map((await repos.principals.list()).map((p) => [p.id, p.name]));
      return (await repos.tokens.list()).map((t) => ({
        ...info(t),
        principalName: t.principalId ? (names.get(t.principalId) ?? null) : null,
      }));
    });
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.store.tx(async (repos) => {
      const found = (await repos.tokens.list()).find((t) => t.id === id && t.revokedAt === null);
      if (!found) throw new NotFoundError(`no active token with id "${id}"`);
      await refuseLastAdmin(repos, { tokenId: id }, `revoking token ${id}`);
      await repos.tokens.revoke(id, now.toISOString());
      await appendAudit(repos, now, actor, {
        action: "token.revoke",
        program: null,
        target: `token/${id}`,
        before: null,
        after: { revokedAt: now.toISOString() },
      });
    });
  }

  /** The principal behind a secret (with the token's roles, limited to the principal's), or null if unknown, revoked or disabled. */
  async authenticate(secret: string): Promise<Actor | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    // Reads only, on every request: they must not queue behind other replicas' units of work.
    return this.ctx.store.tx(
      async (repos) => {
        const stored = await repos.tokens.findByHash(hashToken(secret));
        if (!stored || stored.revokedAt !== null || stored.principalId === null) return null;
        const principal = await repos.principals.get(stored.principalId);
        if (!principal || principal.disabledAt !== null) return null;
        // A row edited, inserted or swapped in the database behind Arena's back carries no valid seal.
        if (
          this.seals &&
          !(
            this.seals.valid("token", tokenSealMessage(stored), await repos.seals.get("token", stored.id)) &&
            this.seals.valid("principal", principalSealMessage(principal), await repos.seals.get("principal", principal.id))
          )
        ) {
          return null;
        }
        return {
          name: principal.name,
          principalId: principal.id,
          tokenId: stored.id,
          roles: effectiveRoles(principal.roles, stored.roles),
        };
      },
      { lock: "none" },
    );
  }
}

/** The principal a new token belongs to: named explicitly, or by the token's name (created if new). */
async function ownerFor(
  repos: Repos,
  now: Date,
  actor: Actor,
  name: string,
  roles: Role[],
  principal: string | undefined,
): Promise<Principal> {
  const found = await findPrincipal(repos, principal ?? name);
  if (!found) {
    if (principal !== undefined) throw new NotFoundError(`body.principal: no principal with id or name "${principal}"`);
    return createPrincipalIn(repos, now, actor, { name, kind: "person", roles });
  }
  if (found.kind === "system")
    throw new ForbiddenError(`"${found.name}" is a reserved system principal: no token can be issued for it through the API`);
  if (found.disabledAt !== null) throw new ConflictError(`principal "${found.name}" is disabled`, "principal_disabled");
  const missing = roles.filter((r) => !found.roles.includes(r));
  if (missing.length > 0)
    throw new ConflictError(
      `principal "${found.name}" holds ${found.roles.join(", ")}; a token of it cannot carry ${missing.join(", ")}`,
      "role_not_held",
    );
  return found;
}

async function mintIn(
  repos: Repos,
  now: Date,
  actor: Actor,
  name: string,
  roles: Role[],
  owner: Principal,
  action = "token.create",
): Promise<TokenInfo & { token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const stored: StoredToken = {
    id: randomUUID(),
    name,
    roles,
    hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 4),
    createdAt: now.toISOString(),
    createdBy: actor.name,
    revokedAt: null,
    principalId: owner.id,
  };
  await repos.tokens.insert(stored);
  await appendAudit(repos, now, actor, { action, program: null, target: `token/${stored.id}`, before: null, after: auditedToken(stored) });
  return { ...info(stored), token };
}

/** Mints an admin for `arena server --recover-admin`: needs the data folder (or database URL), never the API. Audited. */
export async function recoverAdminIn(repos: Repos, now: Date): Promise<{ principal: Principal; token: string }> {
  const name = `recovered-admin-${now
    .toISOString()
    .replace(/[^0-9]/g, "")
    .slice(0, 14)}`;
  const principal =
    (await repos.principals.byName(name)) ??
    (await createPrincipalIn(repos, now, SYSTEM_ACTOR, { name, kind: "person", roles: ["admin"] }, true));
  const minted = await mintIn(repos, now, SYSTEM_ACTOR, name, ["admin"], principal, "principal.recover");
  return { principal, token: minted.token };
}
