import type { Principal } from "../../core/auth/principals.js";
import { canonicalJson } from "../audit/chain.js";
import type { AuditKeyring, SignatureChecker } from "../audit/signing-key.js";
import type { StoredToken } from "../tokens/store.js";
import type { SealKind } from "./store.js";

/** What a seal covers: every field that decides what a token or principal may do. */
export const tokenSealMessage = (t: StoredToken): string =>
  canonicalJson({
    type: "arena.token",
    id: t.id,
    principalId: t.principalId,
    roles: [...t.roles].sort(),
    hash: t.hash,
    revokedAt: t.revokedAt,
  });
export const principalSealMessage = (p: Principal): string =>
  canonicalJson({ type: "arena.principal", id: p.id, name: p.name, kind: p.kind, roles: [...p.roles].sort(), disabledAt: p.disabledAt });

export const makeSeal = (keyring: AuditKeyring, message: string): string => `${keyring.keyId}:${keyring.sign(message)}`;

/**
 * Checks seals at authentication, so a token or principal row edited, inserted or swapped in
 * the database is refused at once, not only found by the next `verify --state`. Verified
 * (message, seal) pairs are remembered: a request costs two map look-ups once warm.
 */
export class SealChecker {
  private readonly ok = new Set<string>();
  constructor(private readonly keys: SignatureChecker) {}

  valid(kind: SealKind, message: string, seal: string | null): boolean {
    if (!seal) return false;
    const key = `${kind}\u0000${message}\u0000${seal}`;
    if (this.ok.has(key)) return true;
    const at = seal.indexOf(":");
    if (at < 0 || this.keys.problem(message, seal.slice(0, at), seal.slice(at + 1)) !== null) return false;
    if (this.ok.size > 10_000) this.ok.clear();
    this.ok.add(key);
    return true;
  }
}
