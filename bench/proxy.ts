/**
 * proxy: what Arena's splitting costs inside HAProxy. wrk (Debian) drives, in the same
 * run and alternately, two HAProxy 2.6 instances in front of the same two upstream builds:
 *   - arena:  `arena proxy`'s config and Lua (hash per request, sticky key from a header,
 *             live table from a real Arena server, telemetry folded per request and
 *             drained and shipped to Arena every second, exposures per unit);
 *   - static: the same HAProxy with a static 90/10 weighted split (balance roundrobin).
 * The upstream builds are a third HAProxy answering from memory, so the proxies, not
 * the upstreams, are what is measured. Throughput: wrk at 32 connections; latency:
 * wrk at 4 connections (closed loop, far from saturation), p99 from wrk --latency.
 * Rounds alternate ABBA; value = median over rounds of arena / static throughput;
 * added p99 = median over rounds of (arena p99 − static p99), same for p50.
 * Also HAProxy's own CPU time per request (from /proc), which the neighbours disturb least.
 * Targets (issue 17): throughput ≥ 0.8 ×, added p99 ≤ 1 ms.
 */
import { spawn, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assign } from "../src/core/assignment/assign.js";
import type { TrafficPlan } from "../src/core/assignment/traffic-plan.js";
import { freePort, HAPROXY_BIN, startHaproxy, type HaproxyProcess } from "../src/proxy/haproxy-process.js";
import type { ProxyAdmin } from "../src/proxy/admin-client.js";
import { ProxyRunner } from "../src/proxy/runner.js";
import type { BenchResult } from "./result.js";
import { benchProxySettings, staticSplitConfig, upstreamsConfig } from "./support/proxy-configs.js";
import { startServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const PROGRAM = "checkout-api";

interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Milliseconds from wrk's "1.23ms" / "456.00us" / "1.02s". */
function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`wrk latency "${text}"`);
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
}

function wrk(url: string, script: string, connections: number, seconds: number): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t", "1", "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, url]);
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", () => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const p50 = /^\s+50%\s+(\S+)/m.exec(out)?.[1];
      const p99 = /^\s+99%\s+(\S+)/m.exec(out)?.[1];
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      if (!rps || !p50 || !p99) return reject(new Error(`wrk output not understood:\n${out}`));
      const errors = non2xx + (socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0);
      resolve({ requests, rps: Number(rps), p50: ms(p50), p99: ms(p99), errors });
    });
  });
}

/** CPU time (user + system) a process used so far, in µs (from /proc, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The 1-minute load average: the neighbours' share of the 2 cores, reported with every figure. */
const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0]!;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function startPlain(config: string, dir: string, name: string): Promise<HaproxyProcess & { port: number }> {
  const adminPort = await freePort();
  const path = join(dir, `${name}.cfg`);
  // A tiny Lua-free admin "status" endpoint lets startHaproxy wait until it serves.
  writeFileSync(
    path,
    `${config}\nfrontend ready\n  bind 127.0.0.1:${adminPort}\n  http-request return status 200 content-type text/plain string ok\n`,
  );
  const probe = { status: () => fetch(`http://127.0.0.1:${adminPort}/`).then((r) => r.text()) } as unknown as ProxyAdmin;
  return { ...(await startHaproxy(path, probe)), port: adminPort };
}

export default async function proxy(args: string[]): Promise<BenchResult> {
  const seconds = Number(args[0] ?? 3);
  const rounds = Number(args[1] ?? 6);
  if (spawnSync("wrk", ["-v"]).error) throw new Error("wrk is not installed (apt-get install wrk)");
  const loadAtStart = loadAverage();
  const dir = mkdtempSync(join(tmpdir(), "arena-bench-proxy-"));
  const [up1, up2, staticPort, arenaPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const script = join(dir, "keys.lua");
  // 10,000 users, a key header per request, as clients with a user id send it.
  writeFileSync(
    script,
    `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format("GET", "/checkout", { ["x-user"] = "user-" .. (n * 7919 % 10000) })\nend\n`,
  );
  const upstreams = await startPlain(upstreamsConfig(up1, up2), dir, "upstreams");
  const statik = await startPlain(staticSplitConfig(staticPort, up1, up2), dir, "static");
  const server = await startServerProcess();
  let runner: ProxyRunner | null = null;
  try {
    await server.api("POST", "/v1/programs", { name: PROGRAM });
    await server.api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: `http://127.0.0.1:${up1}` });
    await server.api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: `http://127.0.0.1:${up2}` });
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: 1, reason: "bench" });
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/challenger`, { version: 2, reason: "bench" });
    await server.api("PUT", `/v1/programs/${PROGRAM}/traffic`, {
      slots: 10,
      arms: [{ alias: "challenger", slot: 9, weight: 0.1 }],
      reason: "bench 10 %",
    });
    const { token } = await server.api<{ token: string }>("POST", "/v1/tokens", { name: "bench-proxy", roles: ["sdk"] });
    runner = new ProxyRunner({
      url: server.url,
      token,
      dir: join(dir, "arena"),
      config: benchProxySettings(PROGRAM, arenaPort),
      pinnedUpstreams: new Map(),
      drainIntervalMs: 1_000,
      log: (line) => console.error(`arena proxy: ${line}`),
    });
    await runner.start();
    const arenaUrl = `http://127.0.0.1:${arenaPort}/checkout`;
    const staticUrl = `http://127.0.0.1:${staticPort}/checkout`;
    for (let i = 0; i < 100 && runner.status().revision === null; i++) await new Promise((r) => setTimeout(r, 100));
    const check = await fetch(arenaUrl, { headers: { "x-user": "user-1" } });
    if (check.status !== 200) throw new Error(`arena proxy answered ${check.status}: ${await check.text()}`);
    // Warm-up, then alternate so both see the same neighbours on this shared machine.
    await wrk(arenaUrl, script, 8, 1);
    await wrk(staticUrl, script, 8, 1);
    // Arena's own CPU (its server, and `arena proxy` shipping the drains, which runs in this process)
    // shares these 2 cores with the proxies: counted per request so the ratio can be read with it.
    const side = () => ({
      rps: [] as number[],
      p99: [] as number[],
      p50: [] as number[],
      cpu: [] as number[],
      arenaCpu: [] as number[],
      errors: 0,
    });
    const arenaSideMicros = () => cpuMicros(server.child.pid!) + process.cpuUsage().user + process.cpuUsage().system;
    const runs = { arena: side(), static: side() };
    const pids = { arena: runner.status().pid!, static: statik.child.pid! };
    const ratios: number[] = [];
    const addedP99: number[] = [];
    const addedP50: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // ABBA order: neither side always runs first on this shared machine.
      const order = r % 2 === 0 ? (["arena", "static"] as const) : (["static", "arena"] as const);
      for (const name of order) {
        const url = name === "arena" ? arenaUrl : staticUrl;
        const cpu0 = cpuMicros(pids[name]);
        const side0 = arenaSideMicros();
        const load = await wrk(url, script, 32, seconds);
        runs[name].cpu.push((cpuMicros(pids[name]) - cpu0) / load.requests);
        runs[name].arenaCpu.push((arenaSideMicros() - side0) / load.requests);
        const calm = await wrk(url, script, 4, seconds);
        runs[name].rps.push(load.rps);
        runs[name].p50.push(calm.p50);
        runs[name].p99.push(calm.p99);
        runs[name].errors += load.errors + calm.errors;
        console.error(
          `round ${r + 1} ${name}: ${round(load.rps)} req/s at 32 connections (${round(runs[name].cpu.at(-1)!, 1)} µs of HAProxy CPU and ${round(runs[name].arenaCpu.at(-1)!, 1)} µs of Arena's per request; load ${loadAverage()}); at 4 connections p50 ${calm.p50} ms, p99 ${calm.p99} ms`,
        );
      }
      ratios.push(runs.arena.rps[r]! / runs.static.rps[r]!);
      addedP99.push(runs.arena.p99[r]! - runs.static.p99[r]!);
      addedP50.push(runs.arena.p50[r]! - runs.static.p50[r]!);
    }
    // Propagation: @champion moved with the API; time from the call until the proxy answers with the new build.
    const propagation: number[] = [];
    const plan = await server.api<TrafficPlan>("GET", `/v1/programs/${PROGRAM}/traffic`);
    let probe = 0;
    while (assign(plan, `user-${probe}`).alias !== "champion") probe++;
    for (let m = 0; m < 20; m++) {
      const next = m % 2 === 0 ? 2 : 1;
      const t0 = performance.now();
      await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: next, reason: `bench move ${m}` });
      for (;;) {
        const body = await (await fetch(arenaUrl, { headers: { "x-user": `user-${probe}` } })).text();
        if (body === `v${next}`) break;
        if (performance.now() - t0 > 10_000) throw new Error(`move ${m} not seen within 10 s`);
      }
      propagation.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.error(
      `alias move → proxy: p50 ${round(quantile(propagation, 0.5), 2)} ms, p99 ${round(quantile(propagation, 0.99), 2)} ms, max ${round(Math.max(...propagation), 2)} ms`,
    );
    // Telemetry reached Arena: the proxy's windows are in the report.
    await new Promise((r) => setTimeout(r, 2_500));
    const report = await server.api<{ variants: Array<{ version: number; metrics: Record<string, unknown> }> }>(
      "GET",
      `/v1/programs/${PROGRAM}/telemetry?window=1h`,
    );
    const counted = report.variants
      .map((v) => v.version)
      .sort()
      .join(",");
    // How much the counting by packed integer saves: distinct (latency µs, version, status) integers per answer folded.
    const folded = runner.status().folded;
    const arenaRps = median(runs.arena.rps);
    const staticRps = median(runs.static.rps);
    const ratio = round(median(ratios), 3);
    return {
      bench: "proxy",
      value: ratio,
      unit: "× throughput of the same HAProxy with a static weighted split (median of paired rounds)",
      baseline: {
        staticRps: round(staticRps),
        staticP50Ms: median(runs.static.p50),
        staticP99Ms: median(runs.static.p99),
        targetRatio: 0.8,
        targetAddedP99Ms: 1,
      },
      ratio,
      arenaRps: round(arenaRps),
      arenaP50Ms: median(runs.arena.p50),
      arenaP99Ms: median(runs.arena.p99),
      addedP99Ms: round(median(addedP99), 3),
      addedP50Ms: round(median(addedP50), 3),
      arenaCpuUsPerRequest: round(median(runs.arena.cpu), 1),
      staticCpuUsPerRequest: round(median(runs.static.cpu), 1),
      arenaSideCpuUsPerRequest: round(median(runs.arena.arenaCpu), 1),
      foldedKeysPerAnswer: folded.answers > 0 ? round(folded.keys / folded.answers, 4) : null,
      loadAverage: `${loadAtStart} → ${loadAverage()}`,
      roundRatios: ratios.map((x) => round(x, 3)).join(" "),
      errors: runs.arena.errors + runs.static.errors,
      aliasMoveP50Ms: round(quantile(propagation, 0.5), 2),
      aliasMoveP99Ms: round(quantile(propagation, 0.99), 2),
      versionsInArenaTelemetry: counted,
      rounds,
      secondsPerRun: seconds,
      haproxy: spawnSync(HAPROXY_BIN, ["-v"], { encoding: "utf8" }).stdout.split("\n")[0] ?? "",
    };
  } finally {
    await runner?.stop();
    await statik.stop();
    await upstreams.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
