import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Role } from "../../core/auth/roles.js";
import { appendAudit } from "../audit/append.js";
import { SYSTEM_ACTOR, type Actor, type ServiceContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { StoredToken } from "./store.js";

export const TOKEN_PREFIX = "arena_";

/** Tokens are 256-bit random secrets, so one fast sha256 is enough (no dictionary to guess from). */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export type TokenInfo = Omit<StoredToken, "hash">;
const info = ({ hash: _hash, ...rest }: StoredToken): TokenInfo => rest;

export class TokenService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Creates a token; the secret is returned once and never stored. */
  async create(name: string, roles: Role[], actor: Actor): Promise<TokenInfo & { token: string }> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      const { token, stored } = mint(name, roles, actor, now);
      await repos.tokens.insert(stored);
      await appendAudit(repos, now, actor, { action: "token.create", program: null, target: `token/${stored.id}`, before: null, after: info(stored) });
      return { ...info(stored), token };
    });
  }

  /** On first start only: creates an admin token and returns its secret (to print once). */
  async bootstrapAdmin(): Promise<string | null> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      if ((await repos.tokens.count()) > 0) return null;
      const { token, stored } = mint("bootstrap-admin", ["admin"], SYSTEM_ACTOR, now);
      await repos.tokens.insert(stored);
      await appendAudit(repos, now, SYSTEM_ACTOR, { action: "token.bootstrap", program: null, target: `token/${stored.id}`, before: null, after: info(stored) });
      return token;
    });
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.ctx.store.tx((repos) => repos.tokens.list())).map(info);
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.store.tx(async (repos) => {
      if (!(await repos.tokens.revoke(id, now.toISOString()))) throw new NotFoundError(`no active token with id "${id}"`);
      await appendAudit(repos, now, actor, { action: "token.revoke", program: null, target: `token/${id}`, before: null, after: { revokedAt: now.toISOString() } });
    });
  }

  /** The actor behind a secret, or null if it is unknown or revoked. */
  async authenticate(secret: string): Promise<Actor | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    // A single read on every request: it must not queue behind other replicas' units of work.
    const stored = await this.ctx.store.tx((repos) => repos.tokens.findByHash(hashToken(secret)), { lock: "none" });
    if (!stored || stored.revokedAt !== null) return null;
    return { name: stored.name, tokenId: stored.id, roles: stored.roles };
  }
}

function mint(name: string, roles: Role[], actor: Actor, now: Date): { token: string; stored: StoredToken } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    token,
    stored: {
      id: randomUUID(),
      name,
      roles,
      hash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 4),
      createdAt: now.toISOString(),
      createdBy: actor.name,
      revokedAt: null,
    },
  };
}
