import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { canonicalJson } from "./chain.js";
import type { AuditKeyring } from "./signing-key.js";

export const WITNESS_FILE = "audit-witness.jsonl";

/** A signed statement that the audit log's entry `seq` had hash `headHash` at time `at`. */
export interface Checkpoint {
  seq: number;
  headHash: string;
  at: string;
  keyId: string;
  sig: string;
}

export const checkpointMessage = (c: Pick<Checkpoint, "seq" | "headHash" | "at">): string =>
  canonicalJson({ type: "arena.audit.checkpoint", seq: c.seq, headHash: c.headHash, at: c.at });

/** Where checkpoints go: somewhere the database cannot rewrite. */
export interface Witness {
  append(c: Checkpoint): void;
  /** Every checkpoint, oldest first (malformed lines are reported by the verifier, never thrown). */
  read(): { checkpoints: Checkpoint[]; malformed: number };
  readonly description: string;
}

export class MemoryWitness implements Witness {
  readonly description = "in-memory witness";
  readonly lines: Checkpoint[] = [];
  append(c: Checkpoint): void {
    this.lines.push(c);
  }
  read() {
    return { checkpoints: [...this.lines], malformed: 0 };
  }
}

/**
 * An append-only JSON-lines file, each line flushed to disk before the append returns. A line
 * torn by a crash mid-write is ignored while it is the last, and cut off when the file is
 * opened again: it was never acknowledged, and its bytes hold no complete signed claim.
 */
export class FileWitness implements Witness {
  readonly description: string;
  constructor(private readonly path: string) {
    this.description = `witness file ${path}`;
    if (!existsSync(path)) return;
    const text = readFileSync(path, "utf8");
    if (text === "" || text.endsWith("\n")) return;
    truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)));
  }
  append(c: Checkpoint): void {
    const fd = openSync(this.path, "a", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(c)}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  read() {
    if (!existsSync(this.path)) return { checkpoints: [], malformed: 0 };
    const checkpoints: Checkpoint[] = [];
    let malformed = 0;
    const lines = readFileSync(this.path, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as Checkpoint;
        if (Number.isInteger(c.seq) && typeof c.headHash === "string") checkpoints.push(c);
        else malformed++;
      } catch {
        // The last line may be torn by a crash during its write: nothing was acknowledged by it.
        if (i < lines.length - 1) malformed++;
      }
    });
    return { checkpoints, malformed };
  }
}

/** Signs and records checkpoints, skipping ones that would repeat the last. */
export class Checkpointer {
  private last: { seq: number; headHash: string } | null = null;
  constructor(
    readonly keyring: AuditKeyring,
    readonly witness: Witness,
    private readonly now: () => Date,
  ) {
    const existing = witness.read().checkpoints.at(-1);
    if (existing) this.last = { seq: existing.seq, headHash: existing.headHash };
  }

  /** The head last checkpointed by this process (or found in the witness at start). */
  lastSeq(): number {
    return this.last?.seq ?? 0;
  }

  /** A signed checkpoint of `head`, not recorded anywhere yet. */
  sign(head: { seq: number; hash: string } | null): Checkpoint {
    const base = { seq: head?.seq ?? 0, headHash: head?.hash ?? "", at: this.now().toISOString() };
    return { ...base, keyId: this.keyring.keyId, sig: this.keyring.sign(checkpointMessage(base)) };
  }

  record(head: { seq: number; hash: string } | null): Checkpoint | null {
    const seq = head?.seq ?? 0;
    const headHash = head?.hash ?? "";
    if (this.last && this.last.seq === seq && this.last.headHash === headHash) return null;
    const c = this.sign(head);
    // Checkpoints only move forward from this process: a slower writer must not record an older head after a newer one.
    if (this.last && seq < this.last.seq) return null;
    this.witness.append(c);
    this.last = { seq, headHash };
    return c;
  }
}
