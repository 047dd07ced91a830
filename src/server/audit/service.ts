import type { AuditVerification } from "../../contracts/audit.js";
import type { ServiceContext } from "../context.js";
import { makeSeal, principalSealMessage, tokenSealMessage } from "../seals/seal.js";
import type { Repos } from "../store/store.js";
import { hashFingerprint } from "../tokens/service.js";
import { outboxCheckpoints } from "./audited-store.js";
import type { AuditKeyring } from "./signing-key.js";
import { StateReplay } from "./state-replay.js";
import type { AuditEntry, AuditFilter } from "./store.js";
import { LogVerifier, type Anchor } from "./verify-log.js";
import type { Witness } from "./witness.js";

const PAGE = 1000;

export interface AuditSigning {
  keyring: AuditKeyring;
  witness: Witness;
}

export class AuditService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly signing: AuditSigning,
  ) {}

  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const entries = await this.ctx.store.tx((r) => r.audit.list(filter));
    const last = entries.at(-1);
    return { entries, next: entries.length === filter.limit && last ? last.seq : null };
  }

  /** Every entry, oldest first, page by page (export and verification). */
  async *entries(): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.ctx.store.tx((r) => r.audit.list({ after, limit: PAGE }), { lock: "none" });
      yield* page;
      if (page.length < PAGE) return;
      after = page.at(-1)!.seq;
    }
  }

  /**
   * Checks the whole log: links and hashes, signatures (so a re-hash without the key shows),
   * the witness checkpoints and a head the caller saw (so truncation shows), and with `state`
   * the tables against the state the log replays to (so direct table edits show).
   */
  async verify(options: { state?: boolean; known?: Anchor } = {}): Promise<AuditVerification> {
    const { checkpoints: witnessed, malformed } = this.signing.witness.read();
    // The webhook outbox is the second witness: its signed checkpoints survive a deleted witness file.
    const outbox = await this.ctx.store.tx(outboxCheckpoints, { lock: "none" });
    const checkpoints = [...witnessed, ...outbox].sort((a, b) => a.seq - b.seq);
    const verifier = new LogVerifier(this.signing.keyring, checkpoints, options.known ? [options.known] : []);
    const replay = new StateReplay();
    for await (const entry of this.entries()) {
      verifier.push(entry);
      replay.push(entry);
    }
    const log = verifier.verdict();
    const findings = [...log.findings];
    if (malformed > 0)
      findings.push({ seq: log.headSeq, problem: `${this.signing.witness.description} has ${malformed} unreadable line(s)` });
    findings.sort((a, b) => a.seq - b.seq);
    // The log's own integrity comes first: a table can only be judged against an intact log.
    if (options.state) findings.push(...replay.compare(await this.ctx.store.tx(readState, { lock: "none" }), hashFingerprint));
    const first = findings[0] ?? null;
    return {
      valid: first === null,
      entries: log.entries,
      firstInvalidSeq: first?.seq ?? null,
      problem: first?.problem ?? null,
      headHash: first === null ? log.headHash : null,
      headSeq: log.headSeq,
      signedAfter: log.signedAfter,
      latestCheckpoint: log.latestCheckpoint,
      stateChecked: options.state ?? false,
      findings,
      keyId: this.signing.keyring.keyId,
    };
  }

  /**
   * Seals token and principal rows that have none (written before seals existed), but only
   * those the audit log vouches for: a row inserted or edited behind Arena's back stays
   * unsealed, and so cannot authenticate.
   */
  async sealAgreeingRows(): Promise<number> {
    const unsealed = await this.ctx.store.tx(
      async (r) => {
        for (const t of await r.tokens.list()) if ((await r.seals.get("token", t.id)) === null) return true;
        for (const p of await r.principals.list()) if ((await r.seals.get("principal", p.id)) === null) return true;
        return false;
      },
      { lock: "none" },
    );
    // The usual start: every row sealed, no need to replay the log.
    if (!unsealed) return 0;
    const replay = new StateReplay();
    for await (const entry of this.entries()) replay.push(entry);
    const keyring = this.signing.keyring;
    return this.ctx.store.tx(async (r) => {
      let sealed = 0;
      for (const t of await r.tokens.list()) {
        if ((await r.seals.get("token", t.id)) !== null || !replay.tokenAgrees(t, hashFingerprint)) continue;
        await r.seals.put("token", t.id, makeSeal(keyring, tokenSealMessage(t)));
        sealed++;
      }
      for (const p of await r.principals.list()) {
        if ((await r.seals.get("principal", p.id)) !== null || !replay.principalAgrees(p)) continue;
        await r.seals.put("principal", p.id, makeSeal(keyring, principalSealMessage(p)));
        sealed++;
      }
      return sealed;
    });
  }

  /** The public keys that verify this server's entries (for offline verification of an export). */
  publicKeys() {
    return this.signing.keyring.trustedKeys();
  }

  checkpoints() {
    return this.signing.witness.read().checkpoints;
  }
}

async function readState(r: Repos) {
  const programs = await r.programs.list();
  const aliases = (await Promise.all(programs.map((p) => r.aliases.list(p.name)))).flat();
  const policies = (await Promise.all(programs.map((p) => r.policies.get(p.name)))).filter((p) => p !== null);
  return { aliases, tokens: await r.tokens.list(), principals: await r.principals.list(), policies };
}
