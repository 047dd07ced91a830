/**
 * The attacker with write access to the database file but not the signing key: each of the
 * 17 tampering variants is applied to a real SQLite file behind a running Arena, and
 * `verify` (what `arena audit verify --state` calls) must name the first bad entry and what is wrong.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { hashEntry } from "../src/server/audit/chain.js";
import type { AuditEntry } from "../src/server/audit/store.js";
import { AuditKeyring } from "../src/server/audit/signing-key.js";
import { MemoryWitness } from "../src/server/audit/witness.js";
import { setupProgram, testPolicy } from "../src/server/rollouts/testing.js";
import { SqliteStore } from "../src/server/store/sqlite-store.js";
import { startHarness, type Harness } from "../src/server/testing/harness.js";

type Row = {
  seq: number;
  at: string;
  actor: string;
  actor_id: string | null;
  action: string;
  program: string | null;
  target: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
  key_id: string | null;
  sig: string | null;
};

const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  program: r.program,
  target: r.target,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
  prevHash: r.prev_hash,
  hash: r.hash,
  ...(r.actor_id ? { actorId: r.actor_id } : {}),
});

/** Recomputes every hash from `fromSeq` on, as an attacker without the key can (signatures stay as they were). */
function rehash(db: Database.Database, fromSeq: number): void {
  const rows = db.prepare<[], Row>("SELECT * FROM audit_log ORDER BY seq").all();
  let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? "0".repeat(64);
  for (const r of rows.filter((x) => x.seq >= fromSeq)) {
    const hash = hashEntry({ ...toEntry(r), prevHash: prev });
    db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, r.seq);
    prev = hash;
  }
}

const head = (db: Database.Database) => db.prepare<[], { n: number }>("SELECT MAX(seq) AS n FROM audit_log").get()!.n;

const VARIANTS: { name: string; tamper: (db: Database.Database) => void; expect: RegExp; firstBad: (n: number) => number }[] = [
  {
    name: "delete the last row",
    tamper: (db) => db.prepare("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").run(),
    expect: /were deleted \(truncation/,
    firstBad: (n) => n,
  },
  {
    name: "delete the last 3 rows",
    tamper: (db) => db.prepare("DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 3 FROM audit_log)").run(),
    expect: /were deleted \(truncation/,
    firstBad: (n) => n - 2,
  },
  {
    name: "delete every row",
    tamper: (db) => db.prepare("DELETE FROM audit_log").run(),
    expect: /ends at entry #0 .* were deleted/,
    firstBad: () => 1,
  },
  {
    name: "edit a field of a row",
    tamper: (db) => db.prepare("UPDATE audit_log SET after = json_set(after, '$.reason', 'nothing to see') WHERE seq = 12").run(),
    expect: /#12 was modified/,
    firstBad: () => 12,
  },
  {
    name: "edit the actor of a row",
    tamper: (db) => db.prepare("UPDATE audit_log SET actor = 'controller' WHERE seq = 12").run(),
    expect: /#12 was modified/,
    firstBad: () => 12,
  },
  {
    name: "edit the time of a row",
    tamper: (db) => db.prepare("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 12").run(),
    expect: /#12 was modified/,
    firstBad: () => 12,
  },
  {
    name: "edit a row and recompute every hash after it",
    tamper: (db) => {
      db.prepare("UPDATE audit_log SET actor = 'bob' WHERE seq = 12").run();
      rehash(db, 12);
    },
    expect: /#12 has a signature that does not match/,
    firstBad: () => 12,
  },
  {
    name: "delete a middle row",
    tamper: (db) => db.prepare("DELETE FROM audit_log WHERE seq = 12").run(),
    expect: /expected entry #12 but found #13/,
    firstBad: () => 13,
  },
  {
    name: "delete a middle row, renumber and rehash",
    tamper: (db) => {
      db.prepare("DELETE FROM audit_log WHERE seq = 12").run();
      db.prepare("UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 12").run();
      db.prepare("UPDATE audit_log SET seq = -seq WHERE seq < 0").run();
      rehash(db, 12);
    },
    expect: /#12 has a signature that does not match/,
    firstBad: () => 12,
  },
  {
    name: "append a forged rollout.approve",
    tamper: (db) => {
      const last = db.prepare<[], Row>("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1").get()!;
      const forged = {
        seq: last.seq + 1,
        at: new Date().toISOString(),
        actor: "risk-officer",
        action: "rollout.approve",
        program: "p",
        target: "rollout/x",
        before: null,
        after: { role: "risk" },
        prevHash: last.hash,
      };
      db.prepare(
        "INSERT INTO audit_log (seq, at, actor, action, program, target, before, after, prev_hash, hash, key_id, sig) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      ).run(
        forged.seq,
        forged.at,
        forged.actor,
        forged.action,
        forged.program,
        forged.target,
        null,
        JSON.stringify(forged.after),
        forged.prevHash,
        hashEntry(forged),
        last.key_id,
        last.sig,
      );
    },
    expect: /has a signature that does not match/,
    firstBad: (n) => n + 1,
  },
  {
    name: "strip the signatures",
    tamper: (db) => db.prepare("UPDATE audit_log SET sig = NULL, key_id = NULL").run(),
    expect: /is not signed/,
    firstBad: () => 1,
  },
  {
    name: "swap two rows (reorder)",
    tamper: (db) => {
      db.prepare("UPDATE audit_log SET seq = -1 WHERE seq = 12").run();
      db.prepare("UPDATE audit_log SET seq = 12 WHERE seq = 13").run();
      db.prepare("UPDATE audit_log SET seq = 13 WHERE seq = -1").run();
    },
    expect: /#12 (was modified|does not link)/,
    firstBad: () => 12,
  },
  {
    name: "open a gap (renumber the tail up)",
    tamper: (db) => {
      db.prepare("UPDATE audit_log SET seq = -(seq + 5) WHERE seq >= 12").run();
      db.prepare("UPDATE audit_log SET seq = -seq WHERE seq < 0").run();
    },
    expect: /expected entry #12 but found #17/,
    firstBad: () => 17,
  },
  {
    name: "move @champion directly in the aliases table",
    tamper: (db) => db.prepare("UPDATE aliases SET version = 3 WHERE program = 'p' AND alias = 'champion'").run(),
    expect: /aliases table: p@champion points at v3/,
    firstBad: () => 0,
  },
  {
    name: "escalate a viewer token to admin in the tokens table",
    tamper: (db) => db.prepare(`UPDATE tokens SET roles = '["admin"]' WHERE name = 'viewer-user'`).run(),
    expect: /tokens table: token .* has roles admin/,
    firstBad: () => 0,
  },
  {
    name: "escalate a principal to admin in the principals table",
    tamper: (db) =>
      db.prepare(`UPDATE principals SET doc = json_set(doc, '$.roles', json('["viewer","admin"]')) WHERE name = 'viewer-user'`).run(),
    expect: /principals table: viewer-user has roles viewer,admin/,
    firstBad: () => 0,
  },
  {
    name: "edit the policy in the policies table",
    tamper: (db) => db.prepare("UPDATE policies SET document = json_set(document, '$.gates.minSamples', 1) WHERE program = 'p'").run(),
    expect: /policies table: the policy of p .* differs/,
    firstBad: () => 0,
  },
];

describe("audit trail tampering, as an attacker with the database file but not the key", () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  async function arena(): Promise<{ h: Harness; db: Database.Database }> {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), "arena-tamper-")), "arena.db"));
    h = await startHarness({ store });
    await setupProgram(h, "p");
    for (let i = 0; i < 4; i++)
      await h.call("PUT", "/v1/programs/p/aliases/challenger", { body: { version: 2 + (i % 2), reason: `step ${i}` } });
    const verdict = (await h.call("GET", "/v1/audit/verify?state=true")).body;
    expect(verdict, JSON.stringify(verdict.findings)).toMatchObject({ valid: true, stateChecked: true });
    expect(verdict.entries).toBeGreaterThan(16);
    await h.verifyAudit();
    expect((await h.call("GET", "/metrics", { token: null })).body).toMatch(/^arena_audit_valid 1$/m);
    return { h, db: store.unsafeDatabase() };
  }

  it.each(VARIANTS)("detects: $name", async ({ tamper, expect: problem, firstBad }) => {
    const { h, db } = await arena();
    const n = head(db);
    tamper(db);
    const res = await h.call("GET", "/v1/audit/verify?state=true");
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v.valid, "tampering went unnoticed").toBe(false);
    // The background check raises the alert on /metrics too.
    await h.verifyAudit();
    expect((await h.call("GET", "/metrics", { token: null })).body).toMatch(/^arena_audit_valid 0$/m);
    expect(v.problem, JSON.stringify(v.findings)).toMatch(problem);
    // Table edits contradict the entry that last set the row; log edits name the entry itself.
    if (firstBad(n) > 0) expect(v.firstInvalidSeq).toBe(firstBad(n));
    else expect(v.firstInvalidSeq).toBeGreaterThan(0);
  });

  it("counts 17 variants", () => expect(VARIANTS).toHaveLength(17));

  it("refuses at once a token escalated, inserted or re-pointed in the database (seals), not only at the next verify", async () => {
    const { h, db } = await arena();
    expect((await h.call("GET", "/v1/tokens", { token: h.tokens.viewer })).status).toBe(403);
    db.prepare(`UPDATE tokens SET roles = '["admin"]' WHERE name = 'viewer-user'`).run();
    expect((await h.call("GET", "/v1/tokens", { token: h.tokens.viewer })).status).toBe(401);
    db.prepare(`UPDATE principals SET doc = json_set(doc, '$.roles', json('["approver","admin"]')) WHERE name = 'approver-user'`).run();
    expect((await h.call("GET", "/v1/whoami", { token: h.tokens.approver })).status).toBe(401);
    // Re-pointing the operator's token at the admin principal breaks its seal too.
    const admin = db.prepare<[], { id: string }>("SELECT id FROM principals WHERE name = 'admin-user'").get()!.id;
    db.prepare("UPDATE tokens SET principal_id = ? WHERE name = 'operator-user'").run(admin);
    expect((await h.call("GET", "/v1/whoami", { token: h.tokens.operator })).status).toBe(401);
    // Untouched tokens keep working.
    expect((await h.call("GET", "/v1/whoami", { token: h.tokens.sdk })).status).toBe(200);
  });
});

describe("the webhook outbox as a second witness", () => {
  it("still names a truncation after the witness file is wiped too", async () => {
    const witness = new MemoryWitness();
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), "arena-outbox-")), "arena.db"));
    const h = await startHarness({ store, audit: { keyring: AuditKeyring.ephemeral(), witness } });
    try {
      await setupProgram(
        h,
        "p",
        testPolicy("p", {
          notifications: {
            webhooks: [{ url: "https://audit.example/hook", secretEnv: "ARENA_WEBHOOK_HOOK_SECRET", events: ["audit_checkpoint"] }],
          },
        }),
      );
      await h.checkpointAudit();
      const queued = (await h.call("GET", "/v1/notifications?program=p")).body.notifications as {
        event: string;
        payload: { checkpoint: { seq: number; sig: string } };
      }[];
      expect(queued.find((n) => n.event === "audit_checkpoint")?.payload.checkpoint.sig).toBeTruthy();
      const db = store.unsafeDatabase();
      const n = head(db);
      db.prepare("DELETE FROM audit_log WHERE seq > ?").run(n - 2);
      witness.lines.length = 0;
      const v = (await h.call("GET", "/v1/audit/verify")).body;
      expect(v.valid).toBe(false);
      expect(v.firstInvalidSeq).toBe(n - 1);
      expect(v.problem).toMatch(/were deleted/);
    } finally {
      await h.close();
    }
  });
});
