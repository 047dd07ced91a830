/**
 * ingest-postgres: telemetry ingest throughput on PostgreSQL with one and with two replicas,
 * against SQLite, in the same run. Each setup gets a fresh database, the same 10,000-event
 * batches of `request` events over keep-alive HTTP, `inFlight` batches in flight spread
 * round-robin over its replicas, and is checked at the end: the server must have counted
 * exactly the events it acknowledged. Setups are interleaved over `rounds` rounds; each
 * figure is the median of its rounds. value = two PostgreSQL replicas; baseline = SQLite and
 * one PostgreSQL replica.
 *
 * Usage: npm run bench -- ingest-postgres [events per run = 1000000] [inFlight = 4] [rounds = 3]
 */
import { randomUUID } from "node:crypto";
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import type { BenchResult } from "./result.js";
import { benchDatabase, call, startReplicas } from "./support/replicas.js";
import { postBatch, requestPayloads } from "./support/request-events.js";
import { startServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const PROGRAM = "checkout";
const BATCH = 10_000;

type Setup = "sqlite" | "postgres-1" | "postgres-2";

interface Target {
  urls: string[];
  token: string;
  stop(): Promise<void>;
}

async function open(setup: Setup, db: ReturnType<typeof benchDatabase>): Promise<Target> {
  if (setup === "sqlite") {
    const server = await startServerProcess();
    return { urls: [server.url], token: server.token, stop: () => server.stop() };
  }
  const { replicas, token } = await startReplicas(setup === "postgres-1" ? 1 : 2, db.url, db.newSchema());
  return { urls: replicas.map((r) => r.url), token, stop: async () => void (await Promise.all(replicas.map((r) => r.stop()))) };
}

/** Events per second accepted by `target`, after checking it counted every acknowledged event. */
async function measure(target: Target, payloads: Buffer[], total: number, inFlight: number): Promise<number> {
  const { urls, token } = target;
  await call(urls[0]!, token, "POST", "/v1/programs", { name: PROGRAM });
  await call(urls[0]!, token, "PUT", `/v1/programs/${PROGRAM}/metrics/error_rate`, {
    kind: "proportion",
    direction: "lower",
    unit: "%",
    source: { type: "request", field: "error" },
  });
  await new Promise((r) => setTimeout(r, 2_500)); // other replicas' program caches (2 s)
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: inFlight }));
  let turn = 0;
  let batchNo = 0;
  const send = async (): Promise<number> => {
    const k = turn++ % urls.length;
    const batchId = randomUUID();
    const events = payloads[batchNo++ % payloads.length]!;
    for (;;) {
      const answer = await postBatch(urls[k]!, token, agents[k]!, batchId, events);
      if (answer.status === 503 || answer.status === 429) {
        await new Promise((r) => setTimeout(r, Number(answer.retryAfter ?? 1) * 1000));
        continue;
      }
      if (answer.status !== 200) throw new Error(`POST /v1/telemetry: ${answer.status} ${answer.body.slice(0, 300)}`);
      return (JSON.parse(answer.body) as { accepted: number }).accepted;
    }
  };
  try {
    let warm = 0;
    for (let i = 0; i < 2 * inFlight; i++) warm += await send();
    let started = 0;
    let accepted = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (started < total) {
          started += BATCH;
          const n = await send(); // not `accepted += await …`: that reads `accepted` before awaiting
          accepted += n;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const report = await call<{ variants: Array<{ metrics: Record<string, { n?: number }> }> }>(
      urls[0]!,
      token,
      "GET",
      `/v1/programs/${PROGRAM}/telemetry?window=1h`,
    );
    const counted = report.variants.reduce((s, v) => s + (v.metrics.error_rate?.n ?? 0), 0);
    if (counted !== accepted + warm) throw new Error(`counted ${counted} requests, acknowledged ${accepted + warm}`);
    return accepted / seconds;
  } finally {
    agents.forEach((a) => a.destroy());
  }
}

export default async function ingestPostgres(args: string[]): Promise<BenchResult> {
  const total = Number(args[0] ?? 1_000_000);
  const inFlight = Number(args[1] ?? 4);
  const rounds = Number(args[2] ?? 3);
  const db = benchDatabase();
  await db.check();
  const payloads = requestPayloads(PROGRAM, BATCH, 8, Date.now());
  const runs: Record<Setup, number[]> = { sqlite: [], "postgres-1": [], "postgres-2": [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const setup of Object.keys(runs) as Setup[]) {
        const target = await open(setup, db);
        try {
          const rate = await measure(target, payloads, total, inFlight);
          runs[setup].push(rate);
          console.error(`round ${r + 1} ${setup}: ${Math.round(rate)} events/s`);
        } finally {
          await target.stop();
        }
      }
    }
  } finally {
    await db.dropAll();
  }
  // The median round: on a shared machine one disturbed round must not move the figure.
  const [sqlite, pg1, pg2] = [quantile(runs.sqlite, 0.5), quantile(runs["postgres-1"], 0.5), quantile(runs["postgres-2"], 0.5)];
  return {
    bench: "ingest-postgres",
    value: Math.round(pg2),
    unit: "events/s accepted, two replicas on PostgreSQL (HTTP, keep-alive, 10,000-event batches, durable before the answer)",
    baseline: { sqlite: Math.round(sqlite), postgresOneReplica: Math.round(pg1) },
    ratio: round(pg2 / sqlite, 3),
    events: total,
    inFlight,
    rounds,
    runs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map(Math.round)])),
  };
}
