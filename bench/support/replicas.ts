/**
 * Several `arena server` processes on one PostgreSQL schema, as the failover and
 * PostgreSQL ingest benchmarks need them. The first replica migrates the schema and
 * prints the bootstrap token; the others start after it and use that token.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TEST_DATABASE_URL, TestDatabase } from "../../src/server/store/postgres-testing.js";

const root = resolve(import.meta.dirname, "../..");

export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  alive(): boolean;
  /** SIGKILL: no clean shutdown, no lease hand-over — a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The database the PostgreSQL benchmarks use: ARENA_BENCH_DATABASE_URL, else the tests' one. */
export function benchDatabase(): TestDatabase {
  return new TestDatabase(process.env.ARENA_BENCH_DATABASE_URL ?? TEST_DATABASE_URL);
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once("exit", () => done())));
}

/** Starts one server process and waits for its URL (and, on a first start, the bootstrap token). */
async function startReplica(name: string, args: string[], needToken: boolean): Promise<{ replica: Replica; token: string | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), "server", "--port", "0", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // Leadership changes and warnings go to stderr: keep them, prefixed, for the benchmark's log.
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `)));
  const { url, token } = await new Promise<{ url: string; token: string | null }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const token = /export ARENA_TOKEN=(\S+)/.exec(out)?.[1] ?? null;
      if (url && (token || !needToken)) {
        clearTimeout(timer);
        resolvePromise({ url, token });
      }
    });
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}:\n${out}`)));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals) => {
    if (!alive()) return;
    const done = exited(child);
    child.kill(sig);
    await done;
  };
  return { replica: { name, url, child, alive, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") }, token };
}

/**
 * Starts `count` replicas on `schema` (migrated by the first); returns them and the admin token.
 * They share one fresh data directory: the audit signing key and witness file live there (ADR 011),
 * and a witness left by an earlier run's database would rightly fail this one's audit verification.
 */
export async function startReplicas(
  count: number,
  databaseUrl: string,
  schema: string,
  extraArgs: string[] = [],
): Promise<{ replicas: Replica[]; token: string }> {
  const dataDir = extraArgs.includes("--data-dir") ? [] : ["--data-dir", mkdtempSync(join(tmpdir(), "arena-bench-replicas-"))];
  const args = ["--database-url", databaseUrl, "--database-schema", schema, ...dataDir, ...extraArgs];
  const first = await startReplica("replica-1", args, true);
  if (!first.token) throw new Error("the first replica printed no bootstrap token: is the schema fresh?");
  try {
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startReplica(`replica-${i + 2}`, args, false)));
    return { replicas: [first.replica, ...rest.map((r) => r.replica)], token: first.token };
  } catch (error) {
    await first.replica.stop();
    throw error;
  }
}

/** A JSON call with the admin token; throws with the status and body on a non-2xx answer. */
export async function call<T = unknown>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
