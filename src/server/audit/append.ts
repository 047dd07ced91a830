import type { Actor } from "../context.js";
import type { Repos } from "../store/store.js";
import { GENESIS_HASH, hashEntry } from "./chain.js";
import type { AuditEntry } from "./store.js";

export interface AuditEvent {
  action: string;
  program: string | null;
  target: string;
  before: unknown;
  after: unknown;
}

/** Appends an entry linked to the current head. Call inside the unit of work that made the change. */
export async function appendAudit(repos: Repos, at: Date, actor: Actor, event: AuditEvent): Promise<AuditEntry> {
  const head = await repos.audit.head();
  const base = {
    seq: (head?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor: actor.name,
    actorId: actor.principalId,
    action: event.action,
    program: event.program,
    target: event.target,
    before: event.before ?? null,
    after: event.after ?? null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...base, hash: hashEntry(base) };
  await repos.audit.insert(entry);
  return entry;
}
