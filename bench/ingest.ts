/**
 * ingest: telemetry events accepted per second, end to end over HTTP on loopback.
 * The server runs in its own process on SQLite (synchronous=FULL; it answers after
 * the commit); this process posts 10,000-event batches of ~140-byte raw `request`
 * events over keep-alive connections, a few batches in flight. Baseline, same run:
 * `JSON.parse` alone over the very same payload strings on one core — the practical
 * limit of any JSON-over-HTTP ingest. Also reports the server's resident memory
 * (VmRSS) at start, after a quarter of the events and at the end: it must stay flat,
 * as the server keeps aggregates, not events.
 *
 * The run is five rounds, each HTTP ingest of a fifth of the events then JSON.parse alone for
 * one second; value and baseline are the medians over rounds. Then, in this process, the
 * server's own cost per batch (fastify inject, SQLite) against JSON.parse, as minima over
 * interleaved rounds: the ratio on a free core, steady even on a busy machine.
 *
 * Usage: npm run bench -- ingest [events = 2000000] [inFlight = 4]
 * Profile the server: ARENA_BENCH_PROFILE=/tmp/prof npm run bench -- ingest
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchResult } from "./result.js";
import { ingestCostInProcess } from "./support/ingest-in-process.js";
import { postParts, type PostAnswer } from "./support/request-events.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const PROGRAM = "checkout";
const BATCH = 10_000;
const PAYLOADS = 16;
const ROUNDS = 5;

/** Distinct event arrays, serialised once; each POST wraps one with a fresh batchId. */
function buildPayloads(now: number): Buffer[] {
  const out: Buffer[] = [];
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let p = 0; p < PAYLOADS; p++) {
    const events = new Array<string>(BATCH);
    for (let i = 0; i < BATCH; i++) {
      const e = {
        type: "request",
        program: PROGRAM,
        version: random() < 0.9 ? 1 : 2,
        unitId: `u-${String(Math.floor(random() * 1e6)).padStart(6, "0")}`,
        success: random() > 0.01,
        latencyMs: round(20 + 200 * random() ** 3, 1),
        cost: round(0.001 + 0.004 * random(), 5),
        // A batch holds the last ~10 s of a busy service: one or two 10-second buckets.
        at: now - Math.floor(random() * 10_000),
      };
      events[i] = JSON.stringify(e);
    }
    out.push(Buffer.from(`[${events.join(",")}]`));
  }
  return out;
}

const bodyOf = (batchId: string, events: Buffer): Buffer[] => [Buffer.from(`{"batchId":"${batchId}","events":`), events, Buffer.from("}")];

/** Events per second (wall clock, and per CPU-second) of JSON.parse over the same payload strings, one core. */
function jsonParseRate(payloads: Buffer[], seconds: number): { perSecond: number; perCpuSecond: number } {
  const texts = payloads.map((p, i) => Buffer.concat(bodyOf(`parse-only-${i}`, p)).toString("utf8"));
  for (const t of texts) JSON.parse(t); // warm-up
  let events = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let i = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const parsed = JSON.parse(texts[i++ % texts.length]!) as { events: unknown[] };
    events += parsed.events.length;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: events / wall, perCpuSecond: events / ((cpu.user + cpu.system) / 1e6) };
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

type Answer = PostAnswer;

function post(server: ServerProcess, agent: Agent, parts: Buffer[]): Promise<Answer> {
  return postParts(server.url, server.token, agent, parts);
}

interface Round {
  accepted: number;
  seconds: number;
  serverCpu: number;
  clientCpu: number;
  refusals: number;
}

const median = (xs: readonly number[]): number => quantile(xs, 0.5);

export default async function ingest(args: string[]): Promise<BenchResult> {
  const total = Number(args[0] ?? 2_000_000);
  const inFlight = Number(args[1] ?? 4);
  const profileDir = process.env.ARENA_BENCH_PROFILE;
  const payloads = buildPayloads(Date.now());
  const bytesPerEvent = round((payloads[0]!.length - 2) / BATCH, 1);

  // --cpu-prof is refused in NODE_OPTIONS: a preloaded module drives the inspector instead.
  if (profileDir) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${join(import.meta.dirname, "support/cpu-profile.mjs")}`.trim();
    process.env.ARENA_CPU_PROFILE_DIR = profileDir;
  }
  const server = await startServerProcess();
  if (profileDir) delete process.env.NODE_OPTIONS;
  const pid = server.child.pid!;
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  try {
    await server.api("POST", "/v1/programs", { name: PROGRAM });
    await server.api("PUT", `/v1/programs/${PROGRAM}/metrics/error_rate`, {
      kind: "proportion",
      direction: "lower",
      unit: "%",
      source: { type: "request", field: "error" },
    });
    await server.api("PUT", `/v1/programs/${PROGRAM}/metrics/latency_p95`, {
      kind: "quantile",
      quantile: 0.95,
      direction: "lower",
      unit: "ms",
      source: { type: "request", field: "latency" },
    });
    // Warm the server's JIT and the connections before timing.
    for (let i = 0; i < 2 * inFlight; i++) await post(server, agent, bodyOf(randomUUID(), payloads[i % PAYLOADS]!));
    const rssStart = rssMb(pid);
    let rssQuarter = 0;
    let acceptedSoFar = 0;
    let batchNo = 0;

    /** Posts `count` events, inFlight batches at a time; waits as a 503/429 asks. */
    const ingestRound = async (count: number): Promise<Round> => {
      let started = 0;
      let accepted = 0;
      let refusals = 0;
      const cpu0 = cpuSeconds(pid);
      const clientCpu0 = process.cpuUsage();
      const t0 = performance.now();
      const worker = async (): Promise<void> => {
        while (started < count) {
          started += BATCH;
          const parts = bodyOf(randomUUID(), payloads[batchNo++ % PAYLOADS]!);
          for (;;) {
            const answer = await post(server, agent, parts);
            if (answer.status === 503 || answer.status === 429) {
              refusals++;
              await new Promise((r) => setTimeout(r, Number(answer.retryAfter ?? 1) * 1000));
              continue;
            }
            if (answer.status !== 200) throw new Error(`POST /v1/telemetry: ${answer.status} ${answer.body.slice(0, 300)}`);
            const result = JSON.parse(answer.body) as { accepted: number; rejected: unknown[]; duplicate: boolean };
            if (result.duplicate || result.rejected.length > 0) throw new Error(`unexpected answer ${answer.body.slice(0, 300)}`);
            accepted += result.accepted;
            acceptedSoFar += result.accepted;
            if (rssQuarter === 0 && acceptedSoFar >= total / 4) rssQuarter = rssMb(pid);
            break;
          }
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const seconds = (performance.now() - t0) / 1000;
      const clientUsage = process.cpuUsage(clientCpu0);
      return { accepted, seconds, serverCpu: cpuSeconds(pid) - cpu0, clientCpu: (clientUsage.user + clientUsage.system) / 1e6, refusals };
    };

    // Rounds of HTTP ingest interleaved with rounds of JSON.parse alone (the server idle), so
    // both see the same machine: on a shared box the load moves between rounds.
    const rounds: Array<Round & { parseRate: number; parsePerCpuSecond: number }> = [];
    const perRound = Math.max(BATCH, Math.ceil(total / ROUNDS / BATCH) * BATCH);
    for (let r = 0; r < ROUNDS; r++) {
      const round_ = await ingestRound(perRound);
      const parse = jsonParseRate(payloads, 1);
      const parseRate = parse.perSecond;
      rounds.push({ ...round_, parseRate, parsePerCpuSecond: parse.perCpuSecond });
      console.error(
        `round ${r + 1}: ${round(round_.accepted / round_.seconds / 1e6, 3)} M events/s over HTTP (server ${round((100 * round_.serverCpu) / round_.seconds)} % of a core), JSON.parse alone ${round(parseRate / 1e6, 3)} M events/s, load ${round(loadavg()[0]!, 1)}`,
      );
    }
    const rssEnd = rssMb(pid);
    const accepted = rounds.reduce((s, r) => s + r.accepted, 0);
    const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
    const serverCpu = rounds.reduce((s, r) => s + r.serverCpu, 0);
    const clientCpu = rounds.reduce((s, r) => s + r.clientCpu, 0);
    const refusals = rounds.reduce((s, r) => s + r.refusals, 0);
    const value = median(rounds.map((r) => r.accepted / r.seconds));
    const jsonParseOnly = median(rounds.map((r) => r.parseRate));
    // The same comparison in CPU time: what the server spends per event against JSON.parse alone,
    // whatever share of a core each got on a shared machine.
    const parsePerCpuSecond = median(rounds.map((r) => r.parsePerCpuSecond));

    const report = await server.api<{ variants: Array<{ version: number; metrics: Record<string, { n?: number }> }> }>(
      "GET",
      `/v1/programs/${PROGRAM}/telemetry?window=1h`,
    );
    const counted = report.variants.reduce((s, v) => s + (v.metrics.error_rate?.n ?? 0), 0);
    // Warm-up batches count too.
    if (counted !== accepted + 2 * inFlight * BATCH)
      throw new Error(`the server counted ${counted} requests, expected ${accepted + 2 * inFlight * BATCH}`);
    console.error(
      `accepted ${accepted} events in ${round(seconds, 2)} s (${bytesPerEvent} bytes/event); RSS ${rssStart} → ${rssQuarter} → ${rssEnd} MB; ${refusals} refusals`,
    );
    console.error(
      `server CPU: ${round(serverCpu, 2)} s (${round((100 * serverCpu) / seconds)} % of one core), ${round(accepted / serverCpu / 1e6, 3)} M events per server CPU-second; client CPU ${round(clientCpu, 2)} s`,
    );
    const inProcess = await ingestCostInProcess(PROGRAM, payloads);
    console.error(
      `in process, per batch: JSON.parse ${round(inProcess.parseMs.min, 2)} ms (median ${round(inProcess.parseMs.median, 2)}), the server's whole ingest ${round(inProcess.serverMs.min, 2)} ms (median ${round(inProcess.serverMs.median, 2)})`,
    );
    return {
      bench: "ingest",
      value: Math.round(value),
      unit: "events/s accepted (HTTP, keep-alive, 10,000-event batches, durable before the answer; median of 5 rounds)",
      baseline: { jsonParseOnly: Math.round(jsonParseOnly) },
      ratio: round(value / jsonParseOnly, 3),
      events: accepted,
      inFlight,
      bytesPerEvent,
      seconds: round(seconds, 2),
      refusals,
      roundRatios: rounds.map((r) => round(r.accepted / r.seconds / r.parseRate, 3)),
      serverCpuShare: round(serverCpu / seconds, 3),
      clientCpuShare: round(clientCpu / seconds, 3),
      eventsPerServerCpuSecond: Math.round(accepted / serverCpu),
      jsonParsePerCpuSecond: Math.round(parsePerCpuSecond),
      cpuRatio: round(accepted / serverCpu / parsePerCpuSecond, 3),
      inProcessParseMs: round(inProcess.parseMs.min, 2),
      inProcessServerMs: round(inProcess.serverMs.min, 2),
      inProcessRatio: round(inProcess.parseMs.min / inProcess.serverMs.min, 3),
      loadAverage: round(loadavg()[0]!, 2),
      rssStartMb: rssStart,
      rssQuarterMb: rssQuarter,
      rssEndMb: rssEnd,
    };
  } finally {
    agent.destroy();
    await server.stop();
  }
}
