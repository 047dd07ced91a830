import type { AuditEntry, AuditRepo } from "./store.js";
import type { PrincipalRepo } from "../principals/store.js";
import { makeSeal, principalSealMessage, tokenSealMessage } from "../seals/seal.js";
import { deriveRepos } from "../store/derived-repos.js";
import type { Repos, Store, TxOptions } from "../store/store.js";
import type { TokenRepo } from "../tokens/store.js";
import type { Checkpoint, Checkpointer } from "./witness.js";

export const CHECKPOINT_EVENT = "audit_checkpoint";

/** Queues a signed checkpoint for each webhook subscribed to audit_checkpoint (delivered by the leader's dispatcher). */
export async function enqueueCheckpointIn(r: Repos, c: Checkpoint): Promise<number> {
  let queued = 0;
  for (const program of await r.programs.list()) {
    const policy = await r.policies.get(program.name);
    for (const hook of policy?.document.notifications.webhooks ?? []) {
      if (!(hook.events as readonly string[]).includes(CHECKPOINT_EVENT)) continue;
      await r.notifications.enqueue({
        program: program.name,
        rolloutId: null,
        event: CHECKPOINT_EVENT,
        severity: "info",
        url: hook.url,
        secretEnv: hook.secretEnv,
        payload: {
          event: CHECKPOINT_EVENT,
          program: program.name,
          checkpoint: c,
          summary: `audit head #${c.seq} ${c.headHash.slice(0, 16)}`,
          at: c.at,
        },
        status: "pending",
        attempts: 0,
        nextAttemptAt: c.at,
        lastError: null,
        lastStatusCode: null,
        createdAt: c.at,
        deliveredAt: null,
      });
      queued++;
    }
  }
  return queued;
}

/** Checkpoints kept in the outbox (queued or delivered): signed, so they can only be deleted, never forged. */
export async function outboxCheckpoints(r: Repos): Promise<Checkpoint[]> {
  const rows = await r.notifications.list({ limit: 500 });
  return rows
    .filter((n) => n.event === CHECKPOINT_EVENT)
    .map((n) => n.payload.checkpoint as Checkpoint)
    .filter((c) => c && Number.isInteger(c.seq));
}

/**
 * The store every service writes through: each audit entry is signed as it is appended
 * (wherever appendAudit is called), and once the unit of work has committed, a signed
 * checkpoint of the new head goes to the witness. A unit of work that rolls back leaves
 * no checkpoint, so the witness never claims an entry the database never had.
 */
export class AuditedStore implements Store {
  readonly kind: Store["kind"];

  constructor(
    readonly inner: Store,
    readonly checkpointer: Checkpointer,
    private readonly onCheckpointError: (error: unknown) => void = () => undefined,
  ) {
    this.kind = inner.kind;
  }

  async tx<T>(fn: (repos: Repos) => Promise<T>, options?: TxOptions): Promise<T> {
    let head = null as AuditEntry | null;
    const result = await this.inner.tx(
      (repos) =>
        fn(
          deriveRepos(repos, {
            ...repos,
            audit: this.signing(repos.audit, (e) => (head = e)),
            tokens: this.sealingTokens(repos),
            principals: this.sealingPrincipals(repos),
          }),
        ),
      options,
    );
    if (head) this.checkpoint(head);
    return result;
  }

  /**
   * Records the current head (start, and periodically: entries other replicas wrote), and queues
   * the signed checkpoint for every webhook subscribed to audit_checkpoint: the outbox and its
   * receivers are a second witness.
   */
  async checkpointHead(options: { outbox?: boolean } = {}): Promise<void> {
    const head = await this.inner.tx((r) => r.audit.head(), { lock: "none" });
    this.checkpoint(head);
    if (options.outbox && head && head.seq !== this.outboxed) {
      const c = this.checkpointer.sign(head);
      await this.inner.tx((r) => enqueueCheckpointIn(r, c));
      this.outboxed = head.seq;
    }
  }
  private outboxed = 0;

  private checkpoint(head: { seq: number; hash: string } | null): Checkpoint | null {
    try {
      return this.checkpointer.record(head);
    } catch (error) {
      // The change is committed; a witness that cannot be written weakens detection but must not undo it.
      this.onCheckpointError(error);
      return null;
    }
  }

  private signing(audit: AuditRepo, noted: (e: AuditEntry) => void): AuditRepo {
    const keyring = this.checkpointer.keyring;
    return {
      head: () => audit.head(),
      list: (f) => audit.list(f),
      insert: async (e) => {
        const signed: AuditEntry = { ...e, keyId: keyring.keyId, sig: keyring.sign(e.hash) };
        await audit.insert(signed);
        noted(signed);
      },
    };
  }

  /** Every write to a token row re-seals it in the same unit of work. */
  private sealingTokens(repos: Repos): TokenRepo {
    const t = repos.tokens;
    const keyring = this.checkpointer.keyring;
    const reseal = async (id: string) => {
      const row = (await t.list()).find((x) => x.id === id);
      if (row) await repos.seals.put("token", id, makeSeal(keyring, tokenSealMessage(row)));
    };
    return {
      insert: async (token) => {
        await t.insert(token);
        await repos.seals.put("token", token.id, makeSeal(keyring, tokenSealMessage(token)));
      },
      findByHash: (hash) => t.findByHash(hash),
      list: () => t.list(),
      count: () => t.count(),
      revoke: async (id, at) => {
        const done = await t.revoke(id, at);
        if (done) await reseal(id);
        return done;
      },
      setPrincipal: async (id, principalId) => {
        await t.setPrincipal(id, principalId);
        await reseal(id);
      },
    };
  }

  private sealingPrincipals(repos: Repos): PrincipalRepo {
    const p = repos.principals;
    const keyring = this.checkpointer.keyring;
    return {
      insert: async (principal) => {
        await p.insert(principal);
        await repos.seals.put("principal", principal.id, makeSeal(keyring, principalSealMessage(principal)));
      },
      get: (id) => p.get(id),
      byName: (name) => p.byName(name),
      list: () => p.list(),
      disable: async (id, at) => {
        const done = await p.disable(id, at);
        const row = done ? await p.get(id) : null;
        if (row) await repos.seals.put("principal", id, makeSeal(keyring, principalSealMessage(row)));
        return done;
      },
    };
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
