/**
 * The audit trail from the CLI, against a real server on a real data folder: `arena audit verify`
 * remembers the head, `arena audit export` + `arena audit verify --file` verify offline with the
 * public key only, and truncation shows even when the witness file is gone too.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/server/runtime/start.js";

const root = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "arena-gov-cli-"));
let server: RunningServer;
let env: NodeJS.ProcessEnv;

/** Runs the CLI without blocking this process, which serves the requests it sends. */
function arena(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { env, cwd: root }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe("arena audit verify / export", () => {
  beforeAll(async () => {
    let token = "";
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      dataDir: join(dir, "data"),
      log: false,
      announce: (line) => (token ||= /ARENA_TOKEN=(\S+)/.exec(line)?.[1] ?? ""),
    });
    env = { ...process.env, ARENA_URL: server.url, ARENA_TOKEN: token, ARENA_KNOWN_HEADS: join(dir, "heads.json") };
    for (const name of ["p1", "p2"]) expect((await arena("program", "create", name)).code).toBe(0);
    expect((await arena("principal", "create", "alice", "--role", "operator")).code).toBe(0);
    expect((await arena("token", "create", "--principal", "alice", "--name", "alice-ci", "--role", "operator")).out).toContain(
      "for principal alice",
    );
  }, 120_000);
  afterAll(async () => server?.close());

  it("keeps the key out of the database, readable by its owner only", () => {
    expect(statSync(join(dir, "data", "audit-signing.key")).mode & 0o777).toBe(0o600);
    expect(
      readFileSync(join(dir, "data", "audit-witness.jsonl"), "utf8")
        .trim()
        .split("\n").length,
    ).toBeGreaterThan(1);
  });

  it("exports the checkpointed head on /metrics", async () => {
    const text = await (await fetch(new URL("/metrics", server.url))).text();
    const seq = Number(/^arena_audit_checkpoint_seq (\d+)$/m.exec(text)?.[1]);
    expect(seq).toBeGreaterThanOrEqual(6);
  });

  it("verifies, exports and verifies the export offline; an edited export is caught", async () => {
    const ok = await arena("audit", "verify", "--state");
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/audit trail intact: \d+ entries, head #\d+ .*tables match the log/);
    const file = join(dir, "audit.jsonl");
    expect((await arena("audit", "export", "-o", file)).code).toBe(0);
    const offline = await arena("audit", "verify", "--file", file, "--public-key", join(dir, "data", "audit-public-keys.jsonl"));
    expect(offline.code, offline.out).toBe(0);
    expect(offline.out).toContain("(offline)");
    writeFileSync(file, readFileSync(file, "utf8").replace('"action":"program.create"', '"action":"program.delete"'));
    const edited = await arena("audit", "verify", "--file", file, "--public-key", join(dir, "data", "audit-public-keys.jsonl"));
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/AUDIT TRAIL TAMPERED at entry #\d+: entry #\d+ was modified/);
  });

  it("names the truncation from the head it saw last, even with the witness file deleted", async () => {
    expect((await arena("audit", "verify")).code).toBe(0);
    const db = new Database(join(dir, "data", "arena.db"));
    const last = db.prepare<[], { n: number }>("SELECT MAX(seq) AS n FROM audit_log").get()!.n;
    db.prepare("DELETE FROM audit_log WHERE seq > ?").run(last - 2);
    db.close();
    rmSync(join(dir, "data", "audit-witness.jsonl"));
    const res = await arena("audit", "verify");
    expect(res.code).toBe(1);
    expect(res.out).toContain(`AUDIT TRAIL TAMPERED at entry #${last - 1}`);
    expect(res.out).toMatch(/this CLI verified entry #\d+ .*were deleted/);
  });
});
