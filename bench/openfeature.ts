/**
 * OpenFeature and OFREP throughput.
 *
 * 1. Evaluations/s through the real @openfeature/server-sdk client with Arena's provider,
 *    against Arena's raw SDK `resolve` (the target: ≥ 0.5 of it) and against the same OpenFeature
 *    client with a provider that does nothing (the OpenFeature SDK's own ceiling), all in one
 *    process on one snapshot, one new unit id per call, interleaved rounds, median kept.
 * 2. OFREP bulk evaluations/s on one `arena server` process (SQLite), answered 200 and 304
 *    (If-None-Match), against an authenticated GET /v1/sdk/snapshot on the same server and
 *    client (the cheapest authenticated endpoint: the HTTP + auth limit).
 *
 *   npm run bench -- openfeature [--seconds 5] [--http-seconds 5] [--concurrency 32]
 */
import { OpenFeature, type JsonValue, type Provider, type ResolutionDetails } from "@openfeature/server-sdk";
import { ArenaProvider } from "../packages/openfeature-provider/src/index.js";
import { createClient, type ArenaClient } from "../src/sdk/index.js";
import { testSnapshot } from "../src/sdk/testing/test-snapshot.js";
import { setUpFlagPrograms } from "../e2e/support/openfeature-scenario.js";
import type { BenchResult } from "./result.js";
import { round } from "./support/stats.js";
import { startServerProcess } from "./support/server-process.js";

const IDS: string[] = Array.from({ length: 1 << 18 }, (_, i) => `user-${((i * 2654435761) >>> 0).toString(36)}-${i}`);
const MASK = IDS.length - 1;
const BATCH = 5_000;
const ROUNDS = 5;
const snapshot = testSnapshot(1, {
  checkout: { aliases: { champion: 7, challenger: 8 }, traffic: { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.3 }] } },
});

const arg = (args: string[], name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

type Batch = (offset: number) => Promise<number>;

/** A provider that answers at once: what the OpenFeature SDK costs with no provider work at all. */
class NoopProvider implements Provider {
  readonly metadata = { name: "noop" };
  readonly runsOn = "server";
  private readonly answer = { value: "x", variant: "champion", reason: "STATIC" };
  async resolveBooleanEvaluation(): Promise<ResolutionDetails<boolean>> {
    return { value: true };
  }
  async resolveStringEvaluation(): Promise<ResolutionDetails<string>> {
    return this.answer;
  }
  async resolveNumberEvaluation(): Promise<ResolutionDetails<number>> {
    return { value: 1 };
  }
  async resolveObjectEvaluation<T extends JsonValue>(_key: string, value: T): Promise<ResolutionDetails<T>> {
    return { value };
  }
}

async function rate(batch: Batch, seconds: number, offset: number): Promise<number> {
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0;
  while (elapsed < seconds * 1e9) {
    await batch(offset + calls);
    calls += BATCH;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return calls / (elapsed / 1e9);
}

async function medians(candidates: Record<string, Batch>, seconds: number): Promise<Record<string, number>> {
  for (const batch of Object.values(candidates)) for (let i = 0; i < 40; i++) await batch(i * BATCH);
  const rounds: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, batch] of Object.entries(candidates)) rounds[name]!.push(await rate(batch, seconds / ROUNDS, r * 40_503));
  return Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!]));
}

async function evaluations(seconds: number): Promise<Record<string, number>> {
  const noNetwork = async () => new Response(null, { status: 304 });
  const arena: ArenaClient = createClient({
    url: "http://bench.invalid",
    token: "t",
    bootstrap: snapshot,
    stream: false,
    exposures: false,
    telemetry: false,
    fetch: noNetwork,
  });
  await OpenFeature.setProviderAndWait("arena", new ArenaProvider({ client: arena }));
  await OpenFeature.setProviderAndWait("noop", new NoopProvider());
  const viaArena = OpenFeature.getClient("arena");
  const viaNoop = OpenFeature.getClient("noop");
  let sink = 0;
  const result = await medians(
    {
      rawSdk: async (offset) => {
        for (let i = offset; i < offset + BATCH; i++) sink += arena.resolve("checkout", IDS[i & MASK]!).version!;
        return sink;
      },
      openFeatureArena: async (offset) => {
        for (let i = offset; i < offset + BATCH; i++)
          sink += (await viaArena.getStringValue("checkout", "none", { targetingKey: IDS[i & MASK]! })).length;
        return sink;
      },
      openFeatureNoop: async (offset) => {
        for (let i = offset; i < offset + BATCH; i++)
          sink += (await viaNoop.getStringValue("checkout", "none", { targetingKey: IDS[i & MASK]! })).length;
        return sink;
      },
    },
    seconds,
  );
  await OpenFeature.clearProviders();
  await arena.close();
  if (sink === 0.5) console.log(sink);
  return result;
}

/** Requests/s with `concurrency` loops for `seconds`; every answer must have the expected status. */
async function load(seconds: number, concurrency: number, request: (i: number) => Promise<Response>, expected: number): Promise<number> {
  const deadline = performance.now() + seconds * 1_000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        const res = await request(i);
        await res.arrayBuffer();
        if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1_000);
}

async function ofrep(seconds: number, concurrency: number): Promise<Record<string, number>> {
  const server = await startServerProcess();
  try {
    await setUpFlagPrograms(async (method, path, body) => ({ status: 200, body: await server.api(method, path, body) }));
    const { token } = await server.api<{ token: string }>("POST", "/v1/tokens", { name: "bench-ofrep", roles: ["sdk"] });
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const bulk = (i: number, etag?: string) =>
      fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
        method: "POST",
        headers: etag ? { ...headers, "if-none-match": etag } : headers,
        body: JSON.stringify({ context: { targetingKey: IDS[i & MASK] } }),
      });
    const etags = await Promise.all(IDS.slice(0, 1024).map(async (_, i) => (await bulk(i)).headers.get("etag")!));
    const snapshotGet = () => fetch(`${server.url}/v1/sdk/snapshot`, { headers: { authorization: `Bearer ${token}` } });
    await load(1, concurrency, (i) => bulk(i), 200);
    return {
      bulk200: await load(seconds, concurrency, (i) => bulk(i), 200),
      bulk304: await load(seconds, concurrency, (i) => bulk(i & 1023, etags[i & 1023]), 304),
      snapshotGet: await load(seconds, concurrency, snapshotGet, 200),
    };
  } finally {
    await server.stop();
  }
}

export default async function run(args: string[]): Promise<BenchResult> {
  const seconds = arg(args, "--seconds", 5);
  const evals = await evaluations(seconds);
  console.log(
    `evaluations/s: raw SDK ${round(evals.rawSdk! / 1e6, 2)} M, OpenFeature + ArenaProvider ${round(evals.openFeatureArena! / 1e6, 3)} M, OpenFeature + no-op provider ${round(evals.openFeatureNoop! / 1e6, 3)} M`,
  );
  const http = await ofrep(arg(args, "--http-seconds", 5), arg(args, "--concurrency", 32));
  console.log(
    `OFREP bulk requests/s on one server: ${round(http.bulk200!)} (200), ${round(http.bulk304!)} (304); GET /v1/sdk/snapshot ${round(http.snapshotGet!)}`,
  );
  return {
    bench: "openfeature",
    value: Math.round(evals.openFeatureArena!),
    unit: "evaluations/s through the OpenFeature server SDK with ArenaProvider",
    baseline: {
      rawSdkResolvesPerSecond: Math.round(evals.rawSdk!),
      openFeatureNoopProviderPerSecond: Math.round(evals.openFeatureNoop!),
      ofrepBulk200PerSecond: round(http.bulk200!),
      ofrepBulk304PerSecond: round(http.bulk304!),
      snapshotGetPerSecond: round(http.snapshotGet!),
      ofrepBulkVsSnapshotGet: round(http.bulk200! / http.snapshotGet!, 3),
      providerVsNoopProvider: round(evals.openFeatureArena! / evals.openFeatureNoop!, 3),
    },
    ratio: round(evals.openFeatureArena! / evals.rawSdk!, 4),
  };
}
