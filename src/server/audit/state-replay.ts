import type { Principal } from "../../core/auth/principals.js";
import type { AliasState } from "../../core/registry/types.js";
import type { StoredPolicy } from "../policies/store.js";
import type { StoredToken } from "../tokens/store.js";
import { canonicalJson } from "./chain.js";
import type { AuditEntry } from "./store.js";
import type { Finding } from "./verify-log.js";

interface Seen<T> {
  value: T;
  seq: number;
}
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const sortedRoles = (roles: unknown): string => (Array.isArray(roles) ? [...(roles as string[])].sort().join(",") : "");

/**
 * What the tables must hold if every change went through Arena: alias targets, tokens,
 * principals and policies, replayed from the audit trail. A row edited, inserted or
 * deleted directly in the database disagrees with it.
 */
export class StateReplay {
  private readonly aliases = new Map<string, Seen<number | null>>();
  private readonly tokens = new Map<
    string,
    Seen<{ roles: string; principalId: string | null; revoked: boolean; fingerprint: string | null }>
  >();
  private readonly principals = new Map<string, Seen<{ name: string; kind: string; roles: string; disabled: boolean }>>();
  private readonly policies = new Map<string, Seen<{ revision: number; document: string }>>();
  private lastSeq = 0;

  push(e: AuditEntry): void {
    this.lastSeq = e.seq;
    const after = obj(e.after);
    const alias = /^([^@/]+)@([^@/]+)$/.exec(e.target);
    if (alias && after && "version" in after) this.aliases.set(e.target, { value: (after.version as number | null) ?? null, seq: e.seq });
    const token = /^token\/(.+)$/.exec(e.target)?.[1];
    if (token && after) {
      const known = this.tokens.get(token)?.value;
      if (e.action === "token.create" || e.action === "token.bootstrap" || e.action === "principal.recover") {
        this.tokens.set(token, {
          seq: e.seq,
          value: {
            roles: sortedRoles(after.roles),
            principalId: (after.principalId as string | null) ?? null,
            revoked: false,
            fingerprint: (after.fingerprint as string | undefined) ?? null,
          },
        });
      } else if (known && e.action === "token.adopt")
        this.tokens.set(token, { seq: e.seq, value: { ...known, principalId: after.principalId as string } });
      else if (known && e.action === "token.revoke") this.tokens.set(token, { seq: e.seq, value: { ...known, revoked: true } });
    }
    const principal = /^principal\/(.+)$/.exec(e.target)?.[1];
    if (principal && after) {
      const known = this.principals.get(principal)?.value;
      if (e.action === "principal.create")
        this.principals.set(principal, {
          seq: e.seq,
          value: { name: String(after.name), kind: String(after.kind), roles: sortedRoles(after.roles), disabled: false },
        });
      else if (known && e.action === "principal.disable")
        this.principals.set(principal, { seq: e.seq, value: { ...known, disabled: true } });
    }
    if (e.action === "policy.apply" && e.program && after)
      this.policies.set(e.program, { seq: e.seq, value: { revision: after.revision as number, document: canonicalJson(after.document) } });
  }

  /** Whether a token row is exactly what the log says it should be (to seal rows written before seals). */
  tokenAgrees(t: StoredToken, fingerprint: (hash: string) => string): boolean {
    const v = this.tokens.get(t.id)?.value;
    return (
      !!v &&
      v.roles === sortedRoles(t.roles) &&
      (v.principalId === null || v.principalId === t.principalId) &&
      v.revoked === (t.revokedAt !== null) &&
      (v.fingerprint === null || v.fingerprint === fingerprint(t.hash))
    );
  }

  principalAgrees(p: Principal): boolean {
    const v = this.principals.get(p.id)?.value;
    return !!v && v.roles === sortedRoles(p.roles) && v.name === p.name && v.kind === p.kind && v.disabled === (p.disabledAt !== null);
  }

  /** Every disagreement between the replayed state and the tables, each with the entry it contradicts. */
  compare(
    actual: { aliases: AliasState[]; tokens: StoredToken[]; principals: Principal[]; policies: StoredPolicy[] },
    fingerprint: (hash: string) => string,
  ): Finding[] {
    const out: Finding[] = [];
    const unlogged = (what: string) =>
      out.push({
        seq: this.lastSeq,
        problem: `${what}, but no audit entry up to #${this.lastSeq} records it (changed directly in the database)`,
      });
    const contradicts = (seq: number, what: string) =>
      out.push({ seq, problem: `${what} (changed directly in the database after entry #${seq})` });

    const seenAliases = new Set<string>();
    for (const a of actual.aliases) {
      const key = `${a.program}@${a.alias}`;
      seenAliases.add(key);
      const want = this.aliases.get(key);
      if (!want) unlogged(`aliases table: ${key} points at v${a.version}`);
      else if (want.value !== a.version)
        contradicts(
          want.seq,
          `aliases table: ${key} points at v${a.version}, but audit entry #${want.seq} left it at ${want.value === null ? "nothing" : `v${want.value}`}`,
        );
    }
    for (const [key, want] of this.aliases)
      if (want.value !== null && !seenAliases.has(key))
        contradicts(want.seq, `aliases table: ${key} is missing, but audit entry #${want.seq} set it to v${want.value}`);

    const seenTokens = new Set<string>();
    for (const t of actual.tokens) {
      seenTokens.add(t.id);
      const want = this.tokens.get(t.id);
      if (!want) {
        unlogged(`tokens table: token ${t.id} ("${t.name}", ${t.roles.join(",")}) exists`);
        continue;
      }
      const v = want.value;
      if (v.roles !== sortedRoles(t.roles))
        contradicts(
          want.seq,
          `tokens table: token ${t.id} has roles ${t.roles.join(",")}, but audit entry #${want.seq} recorded ${v.roles}`,
        );
      if (v.principalId !== null && v.principalId !== t.principalId)
        contradicts(
          want.seq,
          `tokens table: token ${t.id} belongs to ${t.principalId}, but audit entry #${want.seq} recorded ${v.principalId}`,
        );
      if (v.revoked !== (t.revokedAt !== null))
        contradicts(
          want.seq,
          `tokens table: token ${t.id} is ${t.revokedAt ? "revoked" : "active"}, but audit entry #${want.seq} left it ${v.revoked ? "revoked" : "active"}`,
        );
      if (v.fingerprint !== null && v.fingerprint !== fingerprint(t.hash))
        contradicts(
          want.seq,
          `tokens table: token ${t.id} has a different secret hash than audit entry #${want.seq} recorded (its secret was swapped)`,
        );
    }
    for (const [id, want] of this.tokens)
      if (!want.value.revoked && !seenTokens.has(id)) contradicts(want.seq, `tokens table: active token ${id} is missing`);

    const seenPrincipals = new Set<string>();
    for (const p of actual.principals) {
      seenPrincipals.add(p.id);
      const want = this.principals.get(p.id);
      if (!want) {
        unlogged(`principals table: principal ${p.id} ("${p.name}", ${p.roles.join(",")}) exists`);
        continue;
      }
      const v = want.value;
      if (v.roles !== sortedRoles(p.roles))
        contradicts(
          want.seq,
          `principals table: ${p.name} has roles ${p.roles.join(",")}, but audit entry #${want.seq} recorded ${v.roles}`,
        );
      if (v.name !== p.name || v.kind !== p.kind)
        contradicts(
          want.seq,
          `principals table: ${p.id} is "${p.name}" (${p.kind}), but audit entry #${want.seq} recorded "${v.name}" (${v.kind})`,
        );
      if (v.disabled !== (p.disabledAt !== null))
        contradicts(
          want.seq,
          `principals table: ${p.name} is ${p.disabledAt ? "disabled" : "active"}, but audit entry #${want.seq} left it ${v.disabled ? "disabled" : "active"}`,
        );
    }
    for (const [id, want] of this.principals)
      if (!seenPrincipals.has(id)) contradicts(want.seq, `principals table: principal ${id} ("${want.value.name}") is missing`);

    const seenPolicies = new Set<string>();
    for (const p of actual.policies) {
      seenPolicies.add(p.program);
      const want = this.policies.get(p.program);
      if (!want) unlogged(`policies table: ${p.program} has policy revision ${p.revision}`);
      else if (want.value.revision !== p.revision || want.value.document !== canonicalJson(p.document)) {
        contradicts(
          want.seq,
          `policies table: the policy of ${p.program} (revision ${p.revision}) differs from revision ${want.value.revision} applied in audit entry #${want.seq}`,
        );
      }
    }
    for (const [program, want] of this.policies)
      if (!seenPolicies.has(program)) contradicts(want.seq, `policies table: the policy of ${program} is missing`);
    return out.sort((a, b) => a.seq - b.seq);
  }
}
