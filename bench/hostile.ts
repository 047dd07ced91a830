/**
 * hostile: the attacks of issue 14 against a real `arena server` process on SQLite, default limits.
 *  1. legitimate sdk batches refused while 8 unauthenticated clients trickle 29 MB bodies (target 0 %);
 *  2. server RSS growth with 20 SDK streams that never read × 25 changes of a 1 MB snapshot (target < 50 MB);
 *  3. most ingest batches in flight at once under 200 concurrent connections (target ≤ the limit, 8);
 *  4. server errors among ≥ 20,000 OpenAPI-driven fuzzed requests (target 0);
 *  5. /healthz p99 while the heaviest allowed telemetry reads run (target < 100 ms).
 * value = how many of the five figures miss their target (0: all met).
 *
 * Usage: npm run bench -- hostile [fuzzCount]
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { fuzz, operations } from "../e2e/support/openapi-fuzz.js";
import { TrickleClient } from "../e2e/support/hostile-server.js";
import type { BenchResult } from "./result.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

async function post(url: string, token: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(new URL(path, url), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

function batch(id: string, program: string, n: number, spreadMs = 0, now = Date.now()) {
  return {
    batchId: id,
    events: Array.from({ length: n }, (_, i) => ({
      type: "request",
      program,
      version: 1 + (i % 2),
      success: i % 17 !== 0,
      latencyMs: 20 + ((i * 37) % 300),
      at: new Date(now - (spreadMs ? (i * 7919) % spreadMs : 0)).toISOString(),
    })),
  };
}

async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(new URL("/metrics", server.url))).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : NaN;
}

/** 1: 20 legitimate batches, one every 250 ms, while 8 unauthenticated clients trickle. */
async function slowLoris(server: ServerProcess, sdk: string): Promise<number> {
  const port = Number(new URL(server.url).port);
  const clients = Array.from(
    { length: 8 },
    () => new TrickleClient(port, { method: "POST", path: "/v1/telemetry", contentLength: 29 * 1024 * 1024 }),
  );
  let refused = 0;
  for (let i = 0; i < 20; i++) {
    if ((await post(server.url, sdk, "/v1/telemetry", batch(`loris-${i}-${Date.now()}`, "hostile", 200))) !== 200) refused++;
    await sleep(250);
  }
  clients.forEach((c) => c.stop());
  return (refused / 20) * 100;
}

/** 2: RSS growth while 20 streams never read and a 1 MB snapshot changes 25 times. */
async function neverReading(server: ServerProcess, sdk: string): Promise<{ growthMb: number; baselineMb: number; peakMb: number }> {
  const blob = (n: number) => ({ n, blob: "x".repeat(200 * 1024 - 40) });
  for (let p = 0; p < 5; p++) {
    await server.api("POST", "/v1/programs", { name: `bulk-${p}` });
    const c = await server.api<{ version: number }>("POST", `/v1/programs/bulk-${p}/candidates`, { config: blob(-p) });
    await server.api("PUT", `/v1/programs/bulk-${p}/aliases/champion`, { version: c.version, reason: "bulk" });
  }
  await sleep(1_000);
  const baselineMb = rssMb(server.child.pid!);
  const port = Number(new URL(server.url).port);
  const sockets: Socket[] = Array.from({ length: 20 }, () => {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => undefined);
    s.write(`GET /v1/sdk/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${sdk}\r\n\r\n`);
    s.pause();
    return s;
  });
  let peakMb = baselineMb;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(server.child.pid!))), 50);
  for (let n = 0; n < 25; n++) {
    const p = n % 5;
    const c = await server.api<{ version: number }>("POST", `/v1/programs/bulk-${p}/candidates`, { config: blob(n) });
    await server.api("PUT", `/v1/programs/bulk-${p}/aliases/champion`, { version: c.version, reason: `change ${n}` });
  }
  await sleep(2_000);
  clearInterval(sampler);
  sockets.forEach((s) => s.destroy());
  return { growthMb: peakMb - baselineMb, baselineMb, peakMb };
}

/** One POST on its own connection, the body prepared beforehand (the client must not be the bottleneck). */
function rawPost(url: string, token: string, path: string, body: Buffer, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      new URL(path, url),
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", () => resolve(0));
    req.end(body);
  });
}

/** 3: 200 connections each posting a 2,000-event batch at once; the server's own peak gauge. */
async function inFlight(server: ServerProcess, tokens: string[]): Promise<{ peak: number; ok: number; refused: number }> {
  const bodies = Array.from({ length: 200 }, (_, i) => Buffer.from(JSON.stringify(batch(`flood-${i}-${Date.now()}`, "hostile", 2_000))));
  const agent = new Agent({ keepAlive: false, maxSockets: 200 });
  const statuses = await Promise.all(
    bodies.map((body, i) => rawPost(server.url, tokens[i % tokens.length]!, "/v1/telemetry", body, agent)),
  );
  agent.destroy();
  return {
    peak: await metric(server, "arena_ingest_in_flight_peak"),
    ok: statuses.filter((s) => s === 200).length,
    refused: statuses.filter((s) => s === 503).length,
  };
}

/** 5: /healthz every 20 ms while the heaviest allowed reads run back to back. */
/** /healthz every 20 ms for `ms`: its latencies. */
async function probeHealth(server: ServerProcess, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const t = performance.now();
    await (await fetch(new URL("/healthz", server.url))).arrayBuffer();
    latencies.push(performance.now() - t);
    await sleep(20);
  }
  return latencies;
}

async function healthUnderHeavyReads(
  server: ServerProcess,
  viewer: string,
): Promise<{ p99: number; max: number; idleP99: number; reads: number; readMs: number }> {
  // 200,000 events over the last 6 h: the 10-second buckets of two versions.
  for (let i = 0; i < 40; i++)
    await post(server.url, server.token, "/v1/telemetry", batch(`heavy-${i}-${Date.now()}`, "hostile", 5_000, 6 * 3_600_000));
  const idle = await probeHealth(server, 3_000);
  let stop = false;
  let reads = 0;
  let readMs = 0;
  const reader = (async () => {
    const paths = [
      "/v1/programs/hostile/telemetry?window=400d",
      "/v1/programs/hostile/telemetry/series?window=6h",
      "/v1/programs/hostile/telemetry?window=6h",
    ];
    while (!stop) {
      const t = performance.now();
      const res = await fetch(new URL(paths[reads % paths.length]!, server.url), { headers: { authorization: `Bearer ${viewer}` } });
      await res.arrayBuffer();
      readMs = Math.max(readMs, performance.now() - t);
      reads++;
    }
  })();
  const latencies = await probeHealth(server, 8_000);
  stop = true;
  await reader;
  return { p99: quantile(latencies, 0.99), max: Math.max(...latencies), idleP99: quantile(idle, 0.99), reads, readMs };
}

export default async function hostile(args: string[]): Promise<BenchResult> {
  const fuzzCount = Number(args[0] ?? 20_000);
  // The fuzzer sends wrong tokens on purpose from one address: throttling them is figure-free here (tested in e2e/hostile-http).
  process.env.ARENA_AUTH_FAILURES_PER_WINDOW = "1000000";
  const server = await startServerProcess();
  try {
    await server.api("PUT", "/v1/programs/hostile/policy", {
      program: "hostile",
      metrics: {
        error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
        latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
        latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      },
    });
    const sdk = (await server.api<{ token: string }>("POST", "/v1/tokens", { name: "fleet", roles: ["sdk"] })).token;
    const viewer = (await server.api<{ token: string }>("POST", "/v1/tokens", { name: "analyst", roles: ["viewer"] })).token;
    const fleets = [
      sdk,
      ...(await Promise.all(
        [1, 2, 3].map(
          async (i) => (await server.api<{ token: string }>("POST", "/v1/tokens", { name: `fleet-${i}`, roles: ["sdk"] })).token,
        ),
      )),
    ];
    await sleep(2_500); // ingest's program cache learns of the new program

    const refusedPct = await slowLoris(server, sdk);
    console.error(`1. legitimate batches refused while 8 unauthenticated clients trickle: ${refusedPct} %`);
    const flood = await inFlight(server, fleets);
    console.error(
      `3. 200 concurrent batches: at most ${flood.peak} in flight (limit 8); ${flood.ok} answered 200, ${flood.refused} refused with 503`,
    );
    const rss = await neverReading(server, sdk);
    console.error(
      `2. RSS ${round(rss.baselineMb)} → peak ${round(rss.peakMb)} MB with 20 never-reading streams × 25 changes of a 1 MB snapshot: +${round(rss.growthMb)} MB`,
    );
    const health = await healthUnderHeavyReads(server, viewer);
    console.error(
      `5. /healthz p99 ${round(health.p99)} ms (max ${round(health.max)} ms) during ${health.reads} heaviest reads (slowest ${round(health.readMs)} ms); without them, same run: p99 ${round(health.idleP99)} ms`,
    );
    const doc = (await (await fetch(new URL("/openapi.json", server.url))).json()) as Parameters<typeof operations>[0];
    const t0 = performance.now();
    const fuzzed = await fuzz(server.url, { admin: server.token, sdk, viewer }, operations(doc), fuzzCount, { seed: 1414, concurrency: 8 });
    const fuzzS = (performance.now() - t0) / 1000;
    console.error(
      `4. fuzzed ${fuzzed.requests} requests in ${round(fuzzS)} s: ${fuzzed.serverErrors.length} server errors; statuses ${JSON.stringify(fuzzed.byStatus)}`,
    );
    for (const e of fuzzed.serverErrors.slice(0, 5)) console.error(`   ${e.status} ${e.request.method} ${e.request.url}: ${e.body}`);

    const figures = {
      legitRefusedPct: refusedPct,
      rssGrowthMb: round(rss.growthMb),
      maxBatchesInFlight: flood.peak,
      fuzzed5xx: fuzzed.serverErrors.length,
      healthzP99Ms: round(health.p99),
    };
    const targets = { legitRefusedPct: 0, rssGrowthMb: 50, maxBatchesInFlight: 8, fuzzed5xx: 0, healthzP99Ms: 100 };
    const missed = [
      figures.legitRefusedPct > 0,
      figures.rssGrowthMb >= 50,
      figures.maxBatchesInFlight > 8,
      figures.fuzzed5xx > 0,
      figures.healthzP99Ms >= 100,
    ].filter(Boolean).length;
    return {
      bench: "hostile",
      value: missed,
      unit: "figures of 5 that miss their target",
      baseline: targets,
      ratio: round(missed / 5, 2),
      figures,
      fuzzedRequests: fuzzed.requests,
      fuzzStatuses: fuzzed.byStatus,
      flood: { ok: flood.ok, refused: flood.refused },
      rss: { baselineMb: round(rss.baselineMb), peakMb: round(rss.peakMb) },
      heavyReads: {
        count: health.reads,
        slowestMs: round(health.readMs),
        healthzMaxMs: round(health.max),
        healthzIdleP99Ms: round(health.idleP99),
      },
    };
  } finally {
    await server.stop();
  }
}
