/**
 * alias-propagation: 200 SDK clients stream from one server (its own process, SQLite);
 * `@champion` is moved repeatedly; each client's delay is the time from the move
 * request to its onChange callback (after which resolve() answers the new version).
 * value = p99 of those delays. Baseline, same run: the SDK's polling fallback (stream
 * off, default 5 s interval, as a polling peer such as Unleash's 15 s refresh works)
 * and one HTTP round trip on loopback (the floor).
 */
import { performance } from "node:perf_hooks";
import { createClient } from "../src/sdk/index.js";
import type { BenchResult } from "./result.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";
import { quantile, round } from "./support/stats.js";

const PROGRAM = "fraud-detector";

async function measure(
  server: ServerProcess,
  clients: number,
  moves: number,
  stream: boolean,
): Promise<{ delays: number[]; worstPerMove: number[] }> {
  const sdks = Array.from({ length: clients }, () => createClient({ url: server.url, token: server.token, exposures: false, stream }));
  await Promise.all(sdks.map((c) => c.ready(30_000)));
  if (stream) {
    const deadline = Date.now() + 30_000;
    while (sdks.some((c) => c.status().mode !== "stream") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  const delays: number[] = [];
  const worstPerMove: number[] = [];
  let current = (await server.api<{ version: number }>("GET", `/v1/programs/${PROGRAM}/aliases/champion`)).version;
  for (let m = 0; m < moves; m++) {
    const next = current === 1 ? 2 : 1;
    const seen: number[] = [];
    let t0 = 0;
    const done = new Promise<void>((resolveAll) => {
      const unsubscribes = sdks.map((c) =>
        c.onChange(PROGRAM, "champion", (target) => {
          if (target.version !== next) return;
          seen.push(performance.now() - t0);
          if (c.resolve(PROGRAM, "user-1").version !== next) throw new Error("resolve lags onChange");
          if (seen.length === sdks.length) {
            unsubscribes.forEach((u) => u());
            resolveAll();
          }
        }),
      );
    });
    t0 = performance.now();
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: next, reason: `bench move ${m}` });
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`move ${m}: only ${seen.length}/${clients} clients saw it`)), 60_000)),
    ]);
    delays.push(...seen);
    worstPerMove.push(Math.max(...seen));
    current = next;
    // Random pauses de-phase moves from the pollers' ticks, so polling delays spread over the interval.
    await new Promise((r) => setTimeout(r, stream ? 100 : Math.random() * 5_000));
  }
  await Promise.all(sdks.map((c) => c.close()));
  return { delays, worstPerMove };
}

async function roundTrips(server: ServerProcess, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await (await fetch(new URL("/healthz", server.url))).text();
    out.push(performance.now() - t0);
  }
  return out;
}

export default async function aliasPropagation(args: string[]): Promise<BenchResult> {
  const clients = Number(args[0] ?? 200);
  const moves = Number(args[1] ?? 30);
  const server = await startServerProcess();
  try {
    await server.api("POST", "/v1/programs", { name: PROGRAM });
    await server.api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: "s3://models/fraud/47" });
    await server.api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: "s3://models/fraud/48" });
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: 1, reason: "start" });

    const streaming = await measure(server, clients, moves, true);
    console.error(
      `streaming: ${clients} clients × ${moves} moves, p50 ${round(quantile(streaming.delays, 0.5))} ms, p99 ${round(quantile(streaming.delays, 0.99))} ms, max ${round(Math.max(...streaming.delays))} ms`,
    );
    const polling = await measure(server, 20, 6, false);
    console.error(
      `polling fallback: 20 clients × 6 moves, p50 ${round(quantile(polling.delays, 0.5))} ms, p99 ${round(quantile(polling.delays, 0.99))} ms`,
    );
    const rtt = await roundTrips(server, 200);

    const value = round(quantile(streaming.delays, 0.99));
    const pollingP99 = round(quantile(polling.delays, 0.99));
    return {
      bench: "alias-propagation",
      value,
      unit: "ms (p99, move → every client resolves the new version)",
      baseline: { pollingFallbackP99Ms: pollingP99, httpRoundTripP99Ms: round(quantile(rtt, 0.99), 2), targetMs: 500 },
      ratio: round(value / pollingP99, 4),
      clients,
      moves,
      p50Ms: round(quantile(streaming.delays, 0.5)),
      worstMoveMs: round(Math.max(...streaming.worstPerMove)),
    };
  } finally {
    await server.stop();
  }
}
