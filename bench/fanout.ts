/**
 * fanout: 10,000 concurrent SDK streams (`GET /v1/sdk/stream`, raw sockets) on one `arena server`
 * process, on SQLite and on PostgreSQL. @champion is moved; value = p99 over every reading client
 * of the time from the move's acknowledgement until its new snapshot arrived. 1 % of the clients
 * never read (their sockets paused): the others must not notice, and the server's RSS must stay
 * bounded. Targets: p99 < 1 s, server RSS < 1.5 GB.
 *
 * Usage: npm run bench -- fanout [clients]   (PostgreSQL: ARENA_BENCH_DATABASE_URL, else ARENA_TEST_DATABASE_URL)
 */
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { BenchResult } from "./result.js";
import { benchDatabase, call, startReplicas } from "./support/replicas.js";
import { startServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

interface Client {
  socket: Socket;
  snapshots: number;
  /** performance.now() when the n-th snapshot arrived. */
  at: number[];
  reading: boolean;
  /** The first bytes of the answer (status line), for the report. */
  head: string;
}

/** Opens one stream; counts `event: snapshot` frames as they arrive (a frame split across chunks is counted once). */
function openStream(port: number, token: string, reading: boolean): Client {
  const socket = connect(port, "127.0.0.1");
  const client: Client = { socket, snapshots: 0, at: [], reading, head: "" };
  let tail = "";
  socket.setEncoding("latin1");
  socket.on("error", () => undefined);
  socket.on("data", (chunk: string) => {
    if (client.head.length < 40) client.head += chunk.slice(0, 40);
    const text = tail + chunk;
    const found = text.split("event: snapshot\n").length - 1;
    for (let i = 0; i < found; i++) {
      client.snapshots++;
      client.at.push(performance.now());
    }
    tail = text.slice(-20);
    if (tail.includes("event: snapshot\n")) tail = tail.slice(tail.lastIndexOf("event: snapshot\n") + 16);
  });
  socket.write(`GET /v1/sdk/stream HTTP/1.1\r\nHost: arena\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
  if (!reading) socket.pause();
  return client;
}

interface Run {
  store: string;
  clients: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  missed: number;
  rssMb: number;
  connectS: number;
}

async function fanout(store: string, url: string, pid: number, admin: string, count: number): Promise<Run> {
  const api = <T>(method: string, path: string, body?: unknown) => call<T>(url, admin, method, path, body);
  await api("POST", "/v1/programs", { name: "fleet" });
  for (const uri of ["oci://svc:1", "oci://svc:2"]) await api("POST", "/v1/programs/fleet/candidates", { artifactUri: uri });
  await api("PUT", "/v1/programs/fleet/aliases/champion", { version: 1, reason: "start" });
  const sdk = (await api<{ token: string }>("POST", "/v1/tokens", { name: "fleet-sdk", roles: ["sdk"] })).token;
  const port = Number(new URL(url).port);
  const t0 = performance.now();
  const clients: Client[] = [];
  // 2,500 connects a second: a fleet coming up, not a SYN flood past the listen backlog (511).
  for (let i = 0; i < count; i += 100) {
    for (let j = i; j < Math.min(count, i + 100); j++) clients.push(openStream(port, sdk, j % 100 !== 99));
    await sleep(40);
  }
  const reading = clients.filter((c) => c.reading);
  const deadline = performance.now() + 120_000;
  while (reading.some((c) => c.snapshots < 1) && performance.now() < deadline) await sleep(100);
  const connectS = (performance.now() - t0) / 1000;
  const connected = reading.filter((c) => c.snapshots >= 1).length;
  const answers = new Map<string, number>();
  for (const c of reading)
    if (c.snapshots < 1)
      answers.set(
        c.head.split("\r\n")[0] || (c.socket.destroyed ? "closed" : "no answer"),
        (answers.get(c.head.split("\r\n")[0] || (c.socket.destroyed ? "closed" : "no answer")) ?? 0) + 1,
      );
  if (answers.size) console.error(`${store}: clients without a first snapshot: ${JSON.stringify(Object.fromEntries(answers))}`);
  console.error(
    `${store}: ${connected} of ${reading.length} reading clients (+ ${count - reading.length} never reading) have their first snapshot after ${round(connectS)} s; server RSS ${round(rssMb(pid))} MB`,
  );
  await sleep(1_000);
  const before = new Map(reading.map((c) => [c, c.snapshots]));
  await api("PUT", "/v1/programs/fleet/aliases/champion", { version: 2, reason: "fanout bench" });
  const moved = performance.now();
  let peakRss = rssMb(pid);
  const until = performance.now() + 30_000;
  while (reading.some((c) => c.snapshots <= before.get(c)!) && performance.now() < until) {
    peakRss = Math.max(peakRss, rssMb(pid));
    await sleep(50);
  }
  peakRss = Math.max(peakRss, rssMb(pid));
  const delays = reading.filter((c) => c.snapshots > before.get(c)!).map((c) => c.at[before.get(c)!]! - moved);
  const missed = reading.length - delays.length;
  for (const c of clients) c.socket.destroy();
  const run = {
    store,
    clients: count,
    p50Ms: round(quantile(delays, 0.5)),
    p99Ms: round(quantile(delays, 0.99)),
    maxMs: round(Math.max(...delays)),
    missed,
    rssMb: round(peakRss),
    connectS: round(connectS),
  };
  console.error(
    `${store}: alias move reached ${delays.length} reading clients: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms; ${missed} missed; server RSS peak ${run.rssMb} MB`,
  );
  return run;
}

export default async function bench(args: string[]): Promise<BenchResult> {
  const count = Number(args[0] ?? 10_000);
  const only = args[1];
  // One sdk token for the whole fleet: the per-principal stream cap must allow it (docs/operations.md).
  process.env.ARENA_MAX_STREAMS_PER_PRINCIPAL = String(count + 100);
  const runs: Run[] = [];
  if (only !== "postgres") {
    const sqlite = await startServerProcess();
    try {
      runs.push(await fanout("sqlite", sqlite.url, sqlite.child.pid!, sqlite.token, count));
    } finally {
      await sqlite.stop();
    }
  }
  if (only === "sqlite") return result(runs, count);
  const db = benchDatabase();
  await db.check();
  const { replicas, token } = await startReplicas(1, db.url, db.newSchema());
  try {
    runs.push(await fanout("postgres", replicas[0]!.url, replicas[0]!.child.pid!, token, count));
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await db.dropAll();
  }
  return result(runs, count);
}

function result(runs: Run[], count: number): BenchResult {
  const worstP99 = Math.max(...runs.map((r) => r.p99Ms));
  return {
    bench: "fanout",
    value: worstP99,
    unit: `ms p99 from an alias move to its arrival at each of ${count} SDK streams (1 % never reading), worst of SQLite and PostgreSQL`,
    baseline: { targetP99Ms: 1_000, targetRssMb: 1_536 },
    ratio: round(worstP99 / 1_000, 3),
    runs,
    maxRssMb: Math.max(...runs.map((r) => r.rssMb)),
    missed: runs.reduce((s, r) => s + r.missed, 0),
  };
}
