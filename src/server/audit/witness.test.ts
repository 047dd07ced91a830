import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditKeyring } from "./signing-key.js";
import { Checkpointer, FileWitness } from "./witness.js";

describe("the witness file", () => {
  it("survives a line torn by a crash: ignored at the end, cut off when reopened", () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-witness-")), "w.jsonl");
    const cp = new Checkpointer(AuditKeyring.ephemeral(), new FileWitness(path), () => new Date());
    cp.record({ seq: 1, hash: "a".repeat(64) });
    appendFileSync(path, '{"seq":2,"headHa');
    expect(new FileWitness(path).read()).toMatchObject({ malformed: 0, checkpoints: [{ seq: 1 }] });
    new Checkpointer(cp.keyring, new FileWitness(path), () => new Date()).record({ seq: 2, hash: "b".repeat(64) });
    const read = new FileWitness(path).read();
    expect(read.checkpoints.map((c) => c.seq)).toEqual([1, 2]);
    expect(read.malformed).toBe(0);
    // A damaged line in the middle is reported, never silently dropped.
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, [lines[0], "garbage", ...lines.slice(1)].join("\n"));
    expect(new FileWitness(path).read().malformed).toBe(1);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
  });

  it("never records an older head after a newer one", () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-witness-")), "w.jsonl");
    const cp = new Checkpointer(AuditKeyring.ephemeral(), new FileWitness(path), () => new Date());
    expect(cp.record({ seq: 5, hash: "a".repeat(64) })).not.toBeNull();
    expect(cp.record({ seq: 5, hash: "a".repeat(64) })).toBeNull();
    expect(cp.record({ seq: 4, hash: "b".repeat(64) })).toBeNull();
    expect(new FileWitness(path).read().checkpoints.map((c) => c.seq)).toEqual([5]);
  });
});
