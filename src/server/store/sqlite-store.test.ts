import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { storeContract } from "./contract.js";
import { SqliteStore } from "./sqlite-store.js";

storeContract("sqlite", () => new SqliteStore(join(mkdtempSync(join(tmpdir(), "arena-contract-")), "arena.db")));

describe("sqlite store durability", () => {
  it("keeps committed data across a reopen and re-applies no migration", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-reopen-")), "arena.db");
    const first = new SqliteStore(path);
    await first.tx((r) => r.serving.bump());
    await first.close();
    const second = new SqliteStore(path);
    expect(await second.tx((r) => r.serving.revision())).toBe(1);
    expect(second.unsafeDatabase().pragma("journal_mode", { simple: true })).toBe("wal");
    await second.close();
  });
});
