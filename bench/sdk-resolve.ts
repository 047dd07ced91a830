/**
 * SDK resolve throughput: Arena's `client.resolve` against GrowthBook's
 * `GrowthBookClient.evalFeature` and unleash-client's `getVariant`, all
 * configured for the same 90 % / 5 % / 5 % split, plus the bare limit (one
 * 32-bit hash and a range lookup). Single process, one new unit id per call,
 * same id list for everyone, no network anywhere. Each candidate is warmed up,
 * then timed for `--seconds` in total, in rounds interleaved with the others.
 *
 *   npm run bench -- sdk-resolve [--seconds 3]
 */
import { cpus } from "node:os";
import { GrowthBookClient } from "@growthbook/growthbook";
import { InMemStorageProvider, Unleash } from "unleash-client";
import { compilePlan } from "../src/core/assignment/assign.js";
import { fmix32, fnv1aUpdate } from "../src/core/assignment/hash.js";
import { createClient } from "../src/sdk/index.js";
import { testSnapshot } from "../src/sdk/testing/test-snapshot.js";
import type { BenchResult } from "./result.js";

const ID_COUNT = 1 << 20;
const ID_MASK = ID_COUNT - 1;
const BATCH = 10_000;
const WARMUP_CALLS = 1_000_000;

/** Distinct, realistic-looking unit ids, generated before any timing. */
const IDS: string[] = Array.from({ length: ID_COUNT }, (_, i) => `user-${((i * 2654435761) >>> 0).toString(36)}-${i}`);

const snapshot = testSnapshot(1, {
  "fraud-detector": {
    aliases: { champion: 47, challenger: 48, "challenger-2": 49 },
    traffic: {
      slots: 20,
      arms: [
        { alias: "challenger", slot: 19, weight: 0.05 },
        { alias: "challenger-2", slot: 18, weight: 0.05 },
      ],
    },
  },
});

/** Runs `count` calls starting at id `offset`; returns a value so the work cannot be optimised away. */
type Batch = (offset: number, count: number) => number;

let sink = 0;
const ROUNDS = 5;

type AnyBatch = Batch | ((offset: number, count: number) => Promise<number>);

async function warmUp(batch: AnyBatch): Promise<void> {
  for (let done = 0; done < WARMUP_CALLS; done += BATCH) sink ^= await batch(done, BATCH);
}

/** Calls per second of `batch` over `seconds`. */
async function timeFor(batch: AnyBatch, seconds: number, offset: number): Promise<number> {
  const deadline = seconds * 1e9;
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0;
  while (elapsed < deadline) {
    sink ^= await batch(offset + calls, BATCH);
    calls += BATCH;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return calls / (elapsed / 1e9);
}

/**
 * Warms every candidate up, then times them in interleaved rounds and keeps each
 * one's median round, so a burst of load from other processes on the machine
 * hits all candidates alike instead of whichever ran at that moment.
 */
async function measureAll(candidates: Record<string, AnyBatch>, seconds: number): Promise<Record<string, number>> {
  for (const batch of Object.values(candidates)) await warmUp(batch);
  const rounds: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, batch] of Object.entries(candidates)) rounds[name]!.push(await timeFor(batch, seconds / ROUNDS, round * 7_919_111));
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([name, rates]) => {
      const sorted = [...rates].sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)]!];
    }),
  );
}

function arenaBatch(): { batch: Batch; close: () => Promise<void> } {
  const client = createClient({
    url: "http://bench.invalid",
    token: "t",
    bootstrap: snapshot,
    stream: false,
    exposures: false,
    fetch: noNetwork,
  });
  const batch: Batch = (offset, count) => {
    let acc = 0;
    for (let i = offset; i < offset + count; i++) acc += client.resolve("fraud-detector", IDS[i & ID_MASK]!).version!;
    return acc;
  };
  return { batch, close: () => client.close() };
}

/** Arena with exposure recording on; the timed loop includes draining the buffer (batch building, JSON, a no-op POST). */
function arenaWithExposures(): { batch: (offset: number, count: number) => Promise<number>; close: () => Promise<void> } {
  const client = createClient({
    url: "http://bench.invalid",
    token: "t",
    bootstrap: snapshot,
    stream: false,
    exposures: { maxBuffer: 20_000, batchSize: 5_000, flushIntervalMs: 3_600_000 },
    fetch: noNetwork,
  });
  const batch = async (offset: number, count: number): Promise<number> => {
    let acc = 0;
    for (let i = offset; i < offset + count; i++) acc += client.resolve("fraud-detector", IDS[i & ID_MASK]!).version!;
    await client.flush();
    return acc;
  };
  return { batch, close: () => client.close() };
}

async function noNetwork(_input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return new Response(null, { status: init?.method === "POST" ? 202 : 304 });
}

function growthBookBatch(): Batch {
  const gb = new GrowthBookClient({});
  gb.initSync({
    payload: {
      features: {
        "fraud-detector": {
          defaultValue: 0,
          rules: [
            {
              key: "fraud-detector-exp",
              variations: [0, 1, 2],
              weights: [0.9, 0.05, 0.05],
              coverage: 1,
              hashVersion: 2,
              hashAttribute: "id",
            },
          ],
        },
      },
    },
  });
  return (offset, count) => {
    let acc = 0;
    for (let i = offset; i < offset + count; i++)
      acc += gb.evalFeature<number>("fraud-detector", { attributes: { id: IDS[i & ID_MASK]! } }).value ?? 0;
    return acc;
  };
}

async function unleashBatch(): Promise<{ batch: Batch; variant: (id: string) => string; close: () => void }> {
  const variant = (name: string, weight: number) => ({ name, weight, weightType: "variable" as const, stickiness: "userId" });
  const unleash = new Unleash({
    appName: "arena-bench",
    url: "http://127.0.0.1:9/api/",
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: [
        {
          name: "fraud-detector",
          enabled: true,
          type: "experiment",
          project: "default",
          stale: false,
          impressionData: false,
          variants: [],
          strategies: [
            {
              name: "flexibleRollout",
              parameters: { rollout: "100", stickiness: "userId", groupId: "fraud-detector" },
              constraints: [],
              variants: [variant("champion", 900), variant("challenger", 50), variant("challenger-2", 50)],
            },
          ],
        },
      ],
    },
  });
  unleash.on("error", () => undefined);
  await new Promise((resolve) => (unleash.isSynchronized() ? resolve(undefined) : unleash.once("ready", resolve)));
  const batch: Batch = (offset, count) => {
    let acc = 0;
    for (let i = offset; i < offset + count; i++) acc += unleash.getVariant("fraud-detector", { userId: IDS[i & ID_MASK]! }).name.length;
    return acc;
  };
  return { batch, variant: (id) => unleash.getVariant("fraud-detector", { userId: id }).name, close: () => unleash.destroy() };
}

/** The floor any SDK pays: one 32-bit hash of the unit id and a scan of the plan's ranges. */
function bareBatch(): Batch {
  const compiled = compilePlan(snapshot.programs["fraud-detector"]!.traffic);
  const { seedState, starts, ends } = compiled;
  return (offset, count) => {
    let acc = 0;
    for (let i = offset; i < offset + count; i++) {
      const bucket = fmix32(fnv1aUpdate(seedState, IDS[i & ID_MASK]!));
      let arm = -1;
      for (let j = 0; j < starts.length; j++) {
        if (bucket >= starts[j]! && bucket < ends[j]!) {
          arm = j;
          break;
        }
      }
      acc += arm;
    }
    return acc;
  };
}

/** Share of each variant over the first 100k ids, to show the three SDKs run the same split. */
function shares(pick: (id: string) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const key = pick(IDS[i]!);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round((v / n) * 1000) / 1000]));
}

function parseSeconds(args: string[]): number {
  const i = args.indexOf("--seconds");
  const value = i >= 0 ? Number(args[i + 1]) : 3;
  return Number.isFinite(value) && value > 0 ? value : 3;
}

export default async function sdkResolve(args: string[]): Promise<BenchResult> {
  const seconds = parseSeconds(args);
  const round = (x: number) => Math.round(x);
  const log = (name: string, rate: number) => console.log(`${name.padEnd(24)} ${(rate / 1e6).toFixed(2)} M ops/s`);

  const arena = arenaBatch();
  const unleash = await unleashBatch();
  const withExposures = arenaWithExposures();
  const rates = await measureAll(
    {
      bare: bareBatch(),
      arena: arena.batch,
      growthbook: growthBookBatch(),
      unleash: unleash.batch,
      arenaWithExposures: withExposures.batch,
    },
    seconds,
  );
  const { bare = 0, arena: arenaRate = 0, growthbook: gb = 0, unleash: unleashRate = 0, arenaWithExposures: exposuresRate = 0 } = rates;
  log("bare hash + range", bare);
  log("arena resolve", arenaRate);
  log("growthbook evalFeature", gb);
  log("unleash getVariant", unleashRate);
  log("arena + exposures", exposuresRate);

  const arenaClient = createClient({
    url: "http://bench.invalid",
    token: "t",
    bootstrap: snapshot,
    stream: false,
    exposures: false,
    fetch: noNetwork,
  });
  const gbClient = new GrowthBookClient({});
  gbClient.initSync({
    payload: {
      features: { f: { defaultValue: 0, rules: [{ key: "e", variations: [0, 1, 2], weights: [0.9, 0.05, 0.05], hashVersion: 2 }] } },
    },
  });
  const split = {
    arena: shares((id) => arenaClient.resolve("fraud-detector", id).alias),
    growthbook: shares((id) => String(gbClient.evalFeature("f", { attributes: { id } }).value)),
    unleash: shares(unleash.variant),
  };
  await Promise.all([arena.close(), withExposures.close(), arenaClient.close()]);
  unleash.close();
  if (sink === 0.5) console.log(sink); // keeps the sink observable

  const fasterPeer = Math.max(gb, unleashRate);
  return {
    bench: "sdk-resolve",
    value: round(arenaRate),
    unit: "ops/s",
    baseline: { growthbook: round(gb), unleash: round(unleashRate), bareHashRangeLookup: round(bare) },
    ratio: Math.round((arenaRate / fasterPeer) * 100) / 100,
    withExposures: round(exposuresRate),
    ofBareLimit: Math.round((arenaRate / bare) * 100) / 100,
    split,
    secondsEach: seconds,
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
  };
}
