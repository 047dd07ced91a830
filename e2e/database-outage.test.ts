/**
 * What a replica does while PostgreSQL is unreachable (docs/replicas.md): /readyz and the
 * API answer 503 with a clear message, the SDK keeps serving its last snapshot, exposure
 * batches are not acknowledged so the SDK keeps them and retries, and once the database is
 * back every batch is counted exactly once. The outage is a TCP proxy we cut, so the shared
 * PostgreSQL server itself stays up for everyone else.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/sdk/index.js";
import { TestDatabase } from "../src/server/store/postgres-testing.js";

const root = resolve(import.meta.dirname, "..");

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A TCP proxy to PostgreSQL that can drop every connection and refuse new ones. */
class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private readonly server: Server;

  constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = createConnection(target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }
  listen(): Promise<number> {
    return new Promise((done) => this.server.listen(0, "127.0.0.1", () => done((this.server.address() as { port: number }).port)));
  }
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }
  restore(): void {
    this.up = true;
  }
  close(): Promise<void> {
    this.cut();
    return new Promise((done) => this.server.close(() => done()));
  }
}

describe("a replica while PostgreSQL is unreachable", () => {
  const db = new TestDatabase();
  const proxy = new CuttableProxy({ host: new URL(db.url).hostname, port: Number(new URL(db.url).port || 5432) });
  let server: ChildProcess;
  let output = "";
  let url: string;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    await db.check();
    const viaProxy = new URL(db.url);
    viaProxy.port = String(await proxy.listen());
    server = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "server", "--port", "0", "--data-dir", mkdtempSync(join(tmpdir(), "arena-outage-"))],
      {
        cwd: root,
        env: { ...process.env, ARENA_DATABASE_URL: viaProxy.toString(), ARENA_DATABASE_SCHEMA: db.newSchema() },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], "the server to listen");
    token = /export ARENA_TOKEN=(\S+)/.exec(output)![1]!;
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await proxy.close();
    await db.dropAll();
  });

  it("answers 503, keeps the SDK serving, and loses no acknowledged exposure", async () => {
    await call("POST", "/v1/programs", { name: "ranker" });
    await call("POST", "/v1/programs/ranker/candidates", { artifactUri: "s3://m/1" });
    await call("PUT", "/v1/programs/ranker/aliases/champion", { version: 1, reason: "initial" });
    const sdk = createClient({ url, token, exposures: { flushIntervalMs: 60_000, retryBaseMs: 50, retryMaxMs: 200 } });
    try {
      await sdk.ready(10_000);
      await waitFor(() => (sdk.resolve("ranker", "u0").version === 1 ? true : undefined), "the SDK to see v1");

      proxy.cut();
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: { message: string } }).error.message).toMatch(/database unavailable/);
      const list = await call("GET", "/v1/programs");
      expect(list.status).toBe(503);
      expect(list.body.error).toMatchObject({ code: "store_unavailable" });
      expect(list.body.error!.message).toMatch(/database unavailable .*retry later/);

      // Serving goes on from the last snapshot; exposures wait in the SDK.
      for (let i = 0; i < 5; i++) expect(sdk.resolve("ranker", `u${i}`).version).toBe(1);
      await sdk.flush();
      expect(sdk.status()).toMatchObject({ sentExposures: 0 });
      expect(sdk.status().bufferedExposures + sdk.status().droppedExposures).toBeGreaterThan(0);
      expect(sdk.status().droppedExposures).toBe(0);

      proxy.restore();
      await waitFor(async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), "/readyz to recover");
      await waitFor(async () => {
        await sdk.flush();
        return sdk.status().sentExposures > 0 && sdk.status().bufferedExposures === 0 ? true : undefined;
      }, "the SDK to ship the held exposures");
      const counts = await call("GET", "/v1/programs/ranker/exposures?window=1h");
      const total = (counts.body.variants as Array<{ exposures: number }>).reduce((sum, v) => sum + v.exposures, 0);
      expect(total).toBe(sdk.status().sentExposures);

      // Writes and the change path work again.
      await call("POST", "/v1/programs/ranker/candidates", { artifactUri: "s3://m/2" });
      expect((await call("PUT", "/v1/programs/ranker/aliases/champion", { version: 2, reason: "after the outage" })).status).toBe(200);
      await waitFor(() => (sdk.resolve("ranker", "u0").version === 2 ? true : undefined), "the SDK to see v2");
    } finally {
      await sdk.close();
    }
    expect(server.exitCode, `the replica must survive the outage:\n${output}`).toBeNull();
    expect(output).toContain("lost the PostgreSQL change-feed connection");
    expect(output, "no overlapping queries on one connection").not.toContain("already executing a query");
  });
});
