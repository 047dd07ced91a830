import { createHash } from "node:crypto";
import type { AuditEntry } from "./store.js";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with keys sorted at every level, so a hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
}

/** The hash covers every field of the entry and the previous entry's hash. */
export function hashEntry(entry: Omit<AuditEntry, "hash">): string {
  const { seq, at, actor, actorId, action, program, target, before, after, prevHash } = entry;
  // Entries written before principals have no actorId; later ones cover it (canonicalJson drops undefined keys).
  return createHash("sha256")
    .update(canonicalJson({ seq, at, actor, actorId, action, program, target, before, after, prevHash }))
    .digest("hex");
}

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  firstInvalidSeq: number | null;
  problem: string | null;
  headHash: string | null;
}

/** Walks entries in order and reports the first one whose link or content does not check out. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private failure: { seq: number; problem: string } | null = null;

  /** Returns false once a problem was found (the caller may stop reading). */
  push(entry: AuditEntry): boolean {
    if (this.failure) return false;
    this.count++;
    if (entry.seq !== this.expectedSeq) {
      this.failure = {
        seq: entry.seq,
        problem: `expected entry #${this.expectedSeq} but found #${entry.seq} (an entry was removed or inserted)`,
      };
    } else if (entry.prevHash !== this.prevHash) {
      this.failure = { seq: entry.seq, problem: `entry #${entry.seq} does not link to the previous entry's hash` };
    } else if (hashEntry(entry) !== entry.hash) {
      this.failure = { seq: entry.seq, problem: `entry #${entry.seq} was modified: its content no longer matches its hash` };
    }
    if (this.failure) return false;
    this.expectedSeq++;
    this.prevHash = entry.hash;
    return true;
  }

  verdict(): ChainVerdict {
    return {
      valid: this.failure === null,
      entries: this.count,
      firstInvalidSeq: this.failure?.seq ?? null,
      problem: this.failure?.problem ?? null,
      headHash: this.failure ? null : this.count > 0 ? this.prevHash : null,
    };
  }
}
