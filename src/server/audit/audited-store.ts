import type { AuditEntry, AuditRepo } from "./store.js";
import type { Repos, Store, TxOptions } from "../store/store.js";
import type { Checkpointer } from "./witness.js";

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
    const result = await this.inner.tx((repos) => fn({ ...repos, audit: this.signing(repos.audit, (e) => (head = e)) }), options);
    if (head) this.checkpoint(head);
    return result;
  }

  /** Records the current head (start, and periodically: entries other replicas wrote). */
  async checkpointHead(): Promise<void> {
    const head = await this.inner.tx((r) => r.audit.head(), { lock: "none" });
    this.checkpoint(head);
  }

  private checkpoint(head: { seq: number; hash: string } | null): void {
    try {
      this.checkpointer.record(head);
    } catch (error) {
      // The change is committed; a witness that cannot be written weakens detection but must not undo it.
      this.onCheckpointError(error);
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

  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
