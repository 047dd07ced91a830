/**
 * The new user's tour, end to end against the real built server and CLI on SQLite:
 * create a program, register two versions, set @champion, resolve from the SDK,
 * move @champion and watch the running SDK pick it up live, roll back with one
 * command, read the alias history and verify the audit trail.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/sdk/index.js";

const root = resolve(import.meta.dirname, "..");
const cliPath = join(root, "dist/src/cli/main.js");

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("first tour (real server, real CLI, SQLite)", () => {
  let server: ChildProcess;
  let output = "";
  let env: NodeJS.ProcessEnv;
  let dir: string;

  const arena = (...args: string[]) => {
    const res = spawnSync(process.execPath, [cliPath, ...args], { env, encoding: "utf8" });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "arena-tour-"));
    server = spawn(process.execPath, [cliPath, "server", "--port", "0", "--data-dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], "the server to listen");
    const token = /export ARENA_TOKEN=(\S+)/.exec(output)?.[1];
    expect(token, "bootstrap admin token printed on first start").toBeDefined();
    env = { ...process.env, ARENA_URL: url, ARENA_TOKEN: token };
  });

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it("walks the tour", async () => {
    expect(arena("program", "create", "fraud-detector", "--owner", "ml-team").code).toBe(0);
    const metrics = join(dir, "metrics.json");
    writeFileSync(metrics, JSON.stringify({ f1: 0.31, net_benefit: 52000 }));
    expect(
      arena("candidate", "register", "fraud-detector", "--artifact", "s3://models/fraud/47", "--metrics", metrics, "--commit", "4f1c2ab")
        .out,
    ).toContain("v1");
    expect(
      arena(
        "candidate",
        "register",
        "fraud-detector",
        "--artifact",
        "s3://models/fraud/48",
        "--metrics",
        metrics,
        "--check",
        "security-scan=pass",
      ).out,
    ).toContain("v2");
    expect(arena("alias", "set", "fraud-detector", "champion", "1", "--reason", "initial").code).toBe(0);

    const resolved = arena("--json", "resolve", "fraud-detector", "user-42");
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.out)).toMatchObject({ alias: "champion", version: 1, artifactUri: "s3://models/fraud/47" });

    // A serving process with the SDK, streaming the snapshot.
    const sdk = createClient({ url: env.ARENA_URL!, token: env.ARENA_TOKEN!, exposures: false });
    try {
      await sdk.ready(10_000);
      expect(sdk.resolve("fraud-detector", "user-42").version).toBe(1);

      expect(arena("alias", "set", "fraud-detector", "champion", "2", "--reason", "v48 beats v47").code).toBe(0);
      await waitFor(() => (sdk.resolve("fraud-detector", "user-42").version === 2 ? true : undefined), "the SDK to see v2");

      const rolled = arena("rollback", "fraud-detector", "--reason", "p99 latency regression");
      expect(rolled.code).toBe(0);
      expect(rolled.out).toContain("v2 → v1");
      await waitFor(() => (sdk.resolve("fraud-detector", "user-42").version === 1 ? true : undefined), "the SDK to see the rollback");
    } finally {
      await sdk.close();
    }

    const history = arena("--json", "alias", "history", "fraud-detector", "champion");
    const moves = JSON.parse(history.out) as Array<{ fromVersion: number | null; toVersion: number; reason: string }>;
    expect(moves.map((m) => [m.fromVersion, m.toVersion])).toEqual([
      [null, 1],
      [1, 2],
      [2, 1],
    ]);
    expect(moves[2]!.reason).toBe("p99 latency regression");

    const verify = arena("audit", "verify");
    expect(verify.code).toBe(0);
    expect(verify.out).toContain("audit trail intact");
  });

  it("gives helpful errors and exit codes", () => {
    const unreachable = spawnSync(process.execPath, [cliPath, "program", "list"], {
      env: { ...env, ARENA_URL: "http://127.0.0.1:9" },
      encoding: "utf8",
    });
    expect(unreachable.status).toBe(3);
    expect(unreachable.stderr).toContain("cannot reach the Arena server");
    const noToken = spawnSync(process.execPath, [cliPath, "program", "list"], { env: { ...env, ARENA_TOKEN: "" }, encoding: "utf8" });
    expect(noToken.status).toBe(4);
    expect(arena("alias", "set", "fraud-detector", "champion", "v99", "--reason", "x").code).toBe(1);
    expect(arena("alias", "set", "fraud-detector", "champion", "abc", "--reason", "x").code).toBe(2);
    expect(arena("program", "create", "Bad Name").err).toContain("body.name");
  });

  it("detects a tampered audit entry in the SQLite file", async () => {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(join(dir, "arena.db"));
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    db.close();
    const verify = arena("audit", "verify");
    expect(verify.code).toBe(1);
    expect(verify.out).toContain("#3");
  });
});
