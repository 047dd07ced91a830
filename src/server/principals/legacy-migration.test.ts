/**
 * An installation from before principals: tokens identified by free-text names (some shared,
 * one named like a system principal) and an unsigned audit chain. Opening it with this version
 * gives every token a principal, keeps the old chain verifiable, and signs what follows.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { hashEntry } from "../audit/chain.js";
import { SQLITE_MIGRATIONS } from "../store/migrations.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { startHarness } from "../testing/harness.js";
import { hashToken } from "../tokens/service.js";

function legacyDatabase(path: string): void {
  const db = new Database(path);
  db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  SQLITE_MIGRATIONS.slice(0, 3).forEach((sql, i) => {
    db.exec(sql);
    db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(i + 1, "2026-01-01T00:00:00.000Z");
  });
  const tokens = [
    ["t1", "bootstrap-admin", ["admin"], "arena"],
    ["t2", "alice", ["operator"], "bootstrap-admin"],
    ["t3", "alice", ["approver"], "bootstrap-admin"],
    ["t4", "controller", ["operator"], "bootstrap-admin"],
  ] as const;
  let prev = "0".repeat(64);
  tokens.forEach(([id, name, roles, by], i) => {
    db.prepare(
      "INSERT INTO tokens (id, name, roles, hash, prefix, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
    ).run(id, name, JSON.stringify(roles), hashToken(`arena_secret-${id}`), "arena_se", "2026-01-01T00:00:00.000Z", by);
    const base = {
      seq: i + 1,
      at: "2026-01-01T00:00:00.000Z",
      actor: by,
      action: i === 0 ? "token.bootstrap" : "token.create",
      program: null,
      target: `token/${id}`,
      before: null,
      after: { id, name, roles, prefix: "arena_se", createdAt: "2026-01-01T00:00:00.000Z", createdBy: by, revokedAt: null },
      prevHash: prev,
    };
    const hash = hashEntry(base);
    db.prepare(
      "INSERT INTO audit_log (seq, at, actor, action, program, target, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, ?, ?)",
    ).run(base.seq, base.at, base.actor, base.action, base.target, JSON.stringify(base.after), prev, hash);
    prev = hash;
  });
  db.close();
}

describe("opening a database from before principals", () => {
  it("adopts every token into a principal, one per former name, and the log still verifies", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-legacy-")), "arena.db");
    legacyDatabase(path);
    const h = await startHarness({ store: new SqliteStore(path) });
    try {
      const who = async (id: string) => (await h.call("GET", "/v1/whoami", { token: `arena_secret-${id}` })).body;
      expect(await who("t1")).toMatchObject({ name: "bootstrap-admin", principalId: "system:bootstrap-admin", roles: ["admin"] });
      const a = await who("t2");
      const b = await who("t3");
      expect(a).toMatchObject({ name: "alice", roles: ["operator"] });
      expect(b).toMatchObject({ name: "alice", roles: ["approver"] });
      expect(a.principalId).toBe(b.principalId);
      // A token once named like the controller now acts as a distinct, clearly legacy principal.
      const c = await who("t4");
      expect(c.name).toMatch(/^legacy-controller-/);
      expect(c.principalId).not.toBe("system:controller");
      const verdict = (await h.call("GET", "/v1/audit/verify?state=true")).body;
      expect(verdict, JSON.stringify(verdict.findings)).toMatchObject({ valid: true, signedAfter: 4 });
      expect((await h.call("GET", "/v1/audit?action=token.adopt")).body.entries).toHaveLength(4);
    } finally {
      await h.close();
    }
  });
});
