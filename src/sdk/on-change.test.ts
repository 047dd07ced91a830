import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AliasTarget } from "../core/assignment/snapshot.js";
import { createArtifactSwapper } from "./artifact-swapper.js";
import { createClient } from "./client.js";
import type { ArenaSdkError } from "./errors.js";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";
import type { ArenaClient } from "./types.js";

let server: FakeArenaServer;
let client: ArenaClient;
const errors: ArenaSdkError[] = [];

/** Publishes a revision and waits until the client serves it. */
async function move(revision: number, aliases: Record<string, number>): Promise<void> {
  server.publish(testSnapshot(revision, { fraud: { aliases } }));
  await eventually(() => client.status().revision === revision, 10_000, `revision ${revision}`);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  errors.length = 0;
  server.publish(testSnapshot(1, { fraud: { aliases: { champion: 47, challenger: 48 } } }));
  client = createClient({ url: server.url, token: server.token, exposures: false, pollIntervalMs: 60_000, onError: (e) => errors.push(e) });
  await client.ready(5_000);
});

afterEach(async () => {
  await client.close();
  await server.stop();
});

describe("onChange", () => {
  it("calls back once per change of the alias's version, with the previous target", async () => {
    const calls: [number, number | undefined][] = [];
    client.onChange("fraud", "champion", (next, previous) => {
      calls.push([next.version, previous?.version]);
    });
    await move(2, { champion: 48, challenger: 48 });
    await move(3, { champion: 48, challenger: 50 });
    await move(4, { champion: 49 });
    await move(5, { champion: 49 });
    expect(calls).toEqual([
      [48, 47],
      [49, 48],
    ]);
  });

  it("calls back at once with the current target when asked, and stops after unsubscribe", async () => {
    const seen: number[] = [];
    const unsubscribe = client.onChange("fraud", "challenger", (next) => void seen.push(next.version), { immediate: true });
    expect(seen).toEqual([48]);
    unsubscribe();
    await move(2, { champion: 47, challenger: 60 });
    expect(seen).toEqual([48]);
  });

  it("reports callbacks that throw or reject through onError", async () => {
    client.onChange("fraud", "champion", () => {
      throw new Error("sync boom");
    });
    client.onChange("fraud", "champion", async () => {
      throw new Error("async boom");
    });
    await move(2, { champion: 48 });
    await eventually(() => errors.length === 2, 10_000, "both errors");
    expect(errors.map((e) => [e.source, (e.cause as Error).message]).sort()).toEqual([
      ["callback", "async boom"],
      ["callback", "sync boom"],
    ]);
  });
});

describe("createArtifactSwapper", () => {
  it("loads in the background and swaps atomically; keeps the old artifact when a load fails; the last move wins", async () => {
    const loads = new Map<number, Deferred<string>>();
    const swapper = createArtifactSwapper(client, "fraud", "champion", (target: AliasTarget) => {
      const d = deferred<string>();
      loads.set(target.version, d);
      return d.promise;
    });
    expect(swapper.current()).toBeUndefined();
    const ready = swapper.ready();
    loads.get(47)!.resolve("model-47");
    expect(await ready).toBe("model-47");

    await move(2, { champion: 48 });
    expect(swapper.current()).toBe("model-47"); // still loading: the old one serves
    loads.get(48)!.resolve("model-48");
    await eventually(() => swapper.current() === "model-48", 10_000, "swap to 48");
    expect(swapper.currentTarget()?.version).toBe(48);

    await move(3, { champion: 49 });
    loads.get(49)!.reject(new Error("corrupt artifact"));
    await eventually(() => errors.some((e) => e.source === "callback"), 10_000, "the load error");
    expect(swapper.current()).toBe("model-48");

    await move(4, { champion: 50 });
    await move(5, { champion: 51 });
    loads.get(51)!.resolve("model-51");
    await eventually(() => swapper.current() === "model-51", 10_000, "swap to 51");
    loads.get(50)!.resolve("model-50"); // the slower, older move finishes last
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(swapper.current()).toBe("model-51");
    swapper.close();
  });

  it("is ready at once when the artifact is already loaded", async () => {
    const swapper = createArtifactSwapper(client, "fraud", "challenger", async (t) => `model-${t.version}`);
    expect(await swapper.ready()).toBe("model-48");
    expect(await swapper.ready()).toBe("model-48");
  });
});
