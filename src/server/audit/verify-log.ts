import { ChainVerifier } from "./chain.js";
import type { SignatureChecker } from "./signing-key.js";
import type { AuditEntry } from "./store.js";
import { checkpointMessage, type Checkpoint } from "./witness.js";

export interface Finding {
  seq: number;
  problem: string;
}

/** A head someone saw earlier (the CLI remembers the last one it verified). */
export interface Anchor {
  seq: number;
  hash: string;
  source: string;
}

export interface LogVerdict {
  entries: number;
  headSeq: number;
  headHash: string | null;
  /** Entries after this one must be signed (the first checkpoint: when signing began). */
  signedAfter: number | null;
  latestCheckpoint: Pick<Checkpoint, "seq" | "at"> | null;
  findings: Finding[];
}

/**
 * Checks the log against itself (sequence, links, hashes), against the signing key (no
 * re-hash or forged append without it), and against heads recorded outside the database
 * (witness checkpoints, the CLI's remembered head), so deleting or rolling back entries shows.
 */
export class LogVerifier {
  private readonly chain = new ChainVerifier();
  private readonly expected = new Map<number, { hash: string; source: string }>();
  private readonly findings: Finding[] = [];
  private readonly signedAfter: number | null;
  private readonly latest: Checkpoint | null = null;
  private lastSeq = 0;
  private lastHash: string | null = null;
  private count = 0;

  constructor(
    private readonly keyring: SignatureChecker,
    checkpoints: readonly Checkpoint[],
    private readonly anchors: readonly Anchor[] = [],
  ) {
    const valid = checkpoints.filter((c) => {
      const problem = keyring.problem(checkpointMessage(c), c.keyId, c.sig);
      if (problem) this.findings.push({ seq: c.seq, problem: `the witness checkpoint for entry #${c.seq} (${c.at}) ${problem}` });
      return problem === null;
    });
    this.signedAfter = valid[0]?.seq ?? null;
    for (const c of valid) {
      if (!this.latest || c.seq >= this.latest.seq) this.latest = c;
      if (c.seq > 0) this.expected.set(c.seq, { hash: c.headHash, source: `the signed witness checkpoint of ${c.at}` });
    }
    for (const a of anchors) if (a.seq > 0) this.expected.set(a.seq, { hash: a.hash, source: a.source });
  }

  push(entry: AuditEntry): void {
    this.count++;
    this.lastSeq = Math.max(this.lastSeq, entry.seq);
    this.lastHash = entry.hash;
    if (!this.chain.push(entry) && this.findings.every((f) => f.seq !== this.chain.verdict().firstInvalidSeq)) {
      const v = this.chain.verdict();
      if (v.firstInvalidSeq !== null && !this.reported(v.firstInvalidSeq, v.problem!))
        this.findings.push({ seq: v.firstInvalidSeq, problem: v.problem! });
    }
    const mustBeSigned = this.signedAfter !== null && entry.seq > this.signedAfter;
    if (mustBeSigned || entry.sig !== undefined) {
      const problem = this.keyring.problem(entry.hash, entry.keyId, entry.sig);
      if (problem) this.findings.push({ seq: entry.seq, problem: `entry #${entry.seq} ${problem}` });
    }
    const claim = this.expected.get(entry.seq);
    if (claim && claim.hash !== entry.hash)
      this.findings.push({
        seq: entry.seq,
        problem: `entry #${entry.seq} differs from ${claim.source} (hash ${claim.hash.slice(0, 16)}…, now ${entry.hash.slice(0, 16)}…)`,
      });
  }

  private reported(seq: number, problem: string): boolean {
    return this.findings.some((f) => f.seq === seq && f.problem === problem);
  }

  verdict(): LogVerdict {
    const findings = [...this.findings];
    const heads = [
      ...(this.latest ? [{ seq: this.latest.seq, source: `the signed witness checkpoint of ${this.latest.at}` }] : []),
      ...this.anchors,
    ];
    for (const h of heads) {
      if (h.seq > this.lastSeq) {
        findings.push({
          seq: this.lastSeq + 1,
          problem: `the log ends at entry #${this.lastSeq} but ${h.source} recorded entry #${h.seq}: entries #${this.lastSeq + 1}–#${h.seq} were deleted (truncation or rollback of the log)`,
        });
      }
    }
    if (this.signedAfter === null && this.count > 0 && this.chain.verdict().valid) {
      // No witness at all: nothing outside the database vouches for the head.
      findings.push({
        seq: this.lastSeq + 1,
        problem: "no signed checkpoint vouches for this log (the witness is missing or empty): deletions at the end cannot be ruled out",
      });
    }
    findings.sort((a, b) => a.seq - b.seq);
    return {
      entries: this.count,
      headSeq: this.lastSeq,
      headHash: this.lastHash,
      signedAfter: this.signedAfter,
      latestCheckpoint: this.latest ? { seq: this.latest.seq, at: this.latest.at } : null,
      findings,
    };
  }
}
