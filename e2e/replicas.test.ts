/**
 * Two real Arena replicas on one PostgreSQL schema: they start together (one bootstrap
 * token, migrations applied once), an SDK streaming from replica B sees an alias moved
 * through replica A, and an exposure batch posted to A and retried on B counts once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/sdk/index.js";
import { TestDatabase } from "../src/server/store/postgres-testing.js";

const root = resolve(import.meta.dirname, "..");

interface Replica {
  process: ChildProcess;
  output: () => string;
  url: string;
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startReplica(databaseUrl: string, schema: string): Promise<Replica> {
  const dataDir = mkdtempSync(join(tmpdir(), "arena-replica-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "server", "--port", "0", "--data-dir", dataDir, "--database-url", databaseUrl],
    {
      cwd: root,
      // Replicas share one audit signing key (docs/security.md), so each verifies what the others signed.
      env: { ...process.env, ARENA_DATABASE_SCHEMA: schema, ARENA_AUDIT_KEY_FILE: join(tmpdir(), `arena-audit-${schema}.key`) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}:\n${output}`);
    return /listening on (http:\/\/\S+)/.exec(output)?.[1];
  }, "a replica to listen");
  return { process: child, output: () => output, url };
}

async function stop(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.process.exitCode !== null) return;
  const exited = new Promise((r) => replica.process.once("exit", r));
  replica.process.kill("SIGTERM");
  await exited;
}

describe("replicas on PostgreSQL (two real servers, real database)", () => {
  const db = new TestDatabase();
  let a: Replica;
  let b: Replica;
  let token: string;

  const call = async (replica: Replica, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${replica.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  beforeAll(async () => {
    await db.check();
    const schema = db.newSchema();
    // Started together on an empty schema: migrations and the bootstrap token must not race.
    [a, b] = await Promise.all([startReplica(db.url, schema), startReplica(db.url, schema)]);
    const tokens = [a, b].map((r) => /export ARENA_TOKEN=(\S+)/.exec(r.output())?.[1]).filter((t): t is string => t !== undefined);
    expect(tokens, "exactly one replica creates and prints the bootstrap admin token").toHaveLength(1);
    token = tokens[0]!;
  });

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await db.dropAll();
  });

  it("serves from either replica, and both report PostgreSQL ready", async () => {
    for (const replica of [a, b]) {
      const ready = await fetch(`${replica.url}/readyz`);
      expect(await ready.json()).toEqual({ status: "ready", store: "postgres" });
    }
    expect((await call(a, "POST", "/v1/programs", { name: "checkout", owners: ["team"] })).status).toBe(201);
    expect((await call(b, "GET", "/v1/programs/checkout")).status).toBe(200);
    expect((await call(b, "POST", "/v1/programs/checkout/candidates", { artifactUri: "s3://m/1" })).body).toMatchObject({ version: 1 });
    expect((await call(a, "POST", "/v1/programs/checkout/candidates", { artifactUri: "s3://m/2" })).body).toMatchObject({ version: 2 });
    expect((await call(b, "PUT", "/v1/programs/checkout/aliases/champion", { version: 1, reason: "initial" })).status).toBe(200);
  });

  it("shows an SDK streaming from replica B an alias moved through replica A", async () => {
    const sdk = createClient({ url: b.url, token, exposures: false });
    try {
      await sdk.ready(10_000);
      // The first snapshot may predate the move to v1 made a moment ago; the stream brings it.
      await waitFor(() => (sdk.resolve("checkout", "user-1").version === 1 ? true : undefined), "the SDK on replica B to see v1");
      expect((await call(a, "PUT", "/v1/programs/checkout/aliases/champion", { version: 2, reason: "v2 wins" })).status).toBe(200);
      await waitFor(() => (sdk.resolve("checkout", "user-1").version === 2 ? true : undefined), "the SDK on replica B to see v2");
    } finally {
      await sdk.close();
    }
  });

  it("counts an exposure batch posted to A and retried on B once", async () => {
    const at = new Date().toISOString();
    const batch = {
      batchId: "batch-replicas-0001",
      sdk: "e2e",
      dropped: 0,
      exposures: Array.from({ length: 7 }, (_, i) => ({ program: "checkout", unitId: `u${i}`, alias: "champion", version: 2, at })),
    };
    const first = await call(a, "POST", "/v1/exposures", batch);
    expect(first.body).toMatchObject({ duplicate: false, accepted: 7 });
    const retry = await call(b, "POST", "/v1/exposures", batch);
    expect(retry.body).toMatchObject({ duplicate: true, accepted: 0 });
    for (const replica of [a, b]) {
      const counts = await call(replica, "GET", "/v1/programs/checkout/exposures?window=1h");
      expect(counts.body?.variants).toEqual([{ alias: "champion", version: 2, exposures: 7 }]);
    }
  });

  it("keeps one audit trail across replicas", async () => {
    const verify = await call(b, "GET", "/v1/audit/verify");
    expect(verify.body).toMatchObject({ valid: true });
  });
});
