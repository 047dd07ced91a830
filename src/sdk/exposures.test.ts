import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import type { ArenaSdkError } from "./errors.js";
import { SDK_NAME } from "./exposure-shipper.js";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";
import type { ArenaClient, ExposureOptions } from "./types.js";

const snapshot = testSnapshot(1, {
  fraud: { aliases: { champion: 47, challenger: 48 }, traffic: { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.5 }] } },
});
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

let server: FakeArenaServer;
let client: ArenaClient | undefined;
const errors: ArenaSdkError[] = [];

function start(exposures: ExposureOptions | false): ArenaClient {
  client = createClient({
    url: server.url,
    token: server.token,
    bootstrap: snapshot,
    stream: false,
    pollIntervalMs: 60_000,
    exposures,
    now: () => NOW,
    onError: (e) => errors.push(e),
  });
  return client;
}

const shipped = () => server.batches.filter((_, i) => server.requestsTo("/v1/exposures")[i]?.status === 202);

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  server.publish(snapshot);
  errors.length = 0;
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

describe("exposures", () => {
  it("are shipped in batches in the background", async () => {
    const c = start({ flushIntervalMs: 20, batchSize: 10 });
    const answers = Array.from({ length: 25 }, (_, i) => c.resolve("fraud", `user-${i}`));
    await eventually(() => c.status().sentExposures === 25, 10_000, "25 sent");
    const batches = server.batches;
    expect(batches.every((b) => b.sdk === SDK_NAME && b.dropped === 0 && b.exposures.length <= 10)).toBe(true);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
    expect(batches.flatMap((b) => b.exposures)).toEqual(
      answers.map((a, i) => ({
        program: "fraud",
        unitId: `user-${i}`,
        alias: a.alias,
        version: a.version,
        at: new Date(NOW).toISOString(),
      })),
    );
    const request = server.requestsTo("/v1/exposures")[0];
    expect(request?.headers).toMatchObject({ authorization: `Bearer ${server.token}`, "content-type": "application/json" });
  });

  it("retry a failed batch with the same batchId", async () => {
    server.scriptExposures({ status: 500 }, { status: 502 });
    const c = start({ flushIntervalMs: 20, retryBaseMs: 10 });
    c.resolve("fraud", "a");
    c.resolve("fraud", "b");
    await eventually(() => c.status().sentExposures === 2, 10_000, "the retried batch");
    expect(server.batches).toHaveLength(3);
    const [first, second, third] = server.batches;
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(errors.filter((e) => e.source === "exposures")).toHaveLength(2);
  });

  it("wait as long as Retry-After says, even when flushed", async () => {
    server.scriptExposures({ status: 429, headers: { "retry-after": "1" } });
    const c = start({ flushIntervalMs: 60_000, retryBaseMs: 10 });
    c.resolve("fraud", "a");
    await c.flush();
    expect(server.batches).toHaveLength(1);
    await c.flush(); // inside the Retry-After window: nothing is sent
    expect(server.batches).toHaveLength(1);
    await eventually(() => c.status().sentExposures === 1, 10_000, "the retry");
    const [first, retry] = server.requestsTo("/v1/exposures");
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(server.batches[1]?.batchId).toBe(server.batches[0]?.batchId);
  });

  it("honour a 503's Retry-After as an HTTP date", async () => {
    server.scriptExposures({ status: 503, headers: { "retry-after": new Date(Date.now() + 1_500).toUTCString() } });
    const c = start({ flushIntervalMs: 60_000, retryBaseMs: 10 });
    c.resolve("fraud", "a");
    await c.flush();
    await eventually(() => c.status().sentExposures === 1, 10_000, "the retry");
    const [first, retry] = server.requestsTo("/v1/exposures");
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(400);
  });

  it("count drops when the buffer is full and report them in the next batch", async () => {
    const c = start({ flushIntervalMs: 60_000, maxBuffer: 5 });
    for (let i = 0; i < 12; i++) c.resolve("fraud", `u${i}`);
    expect(c.status()).toMatchObject({ droppedExposures: 7, bufferedExposures: 5 });
    await c.flush();
    expect(shipped()).toHaveLength(1);
    expect(server.batches[0]).toMatchObject({ dropped: 7 });
    expect(server.batches[0]?.exposures.map((e) => e.unitId)).toEqual(["u0", "u1", "u2", "u3", "u4"]);
    expect(c.status()).toMatchObject({ droppedExposures: 7, bufferedExposures: 0, sentExposures: 5 });
    c.resolve("fraud", "later");
    await c.flush();
    expect(server.batches[1]).toMatchObject({ dropped: 0 });
  });

  it("count a batch the server refuses as dropped, and report it at once", async () => {
    server.scriptExposures({ status: 400 });
    const c = start({ flushIntervalMs: 60_000 });
    c.resolve("fraud", "a");
    c.resolve("fraud", "b");
    await c.flush();
    expect(c.status()).toMatchObject({ droppedExposures: 2, sentExposures: 0 });
    expect(server.batches[1]).toMatchObject({ dropped: 2, exposures: [] });
    c.resolve("fraud", "c");
    await c.flush();
    expect(server.batches[2]).toMatchObject({ dropped: 0, exposures: [{ unitId: "c" }] });
  });

  it("report the events the server rejected from an accepted batch", async () => {
    server.scriptExposures({
      status: 200,
      body: JSON.stringify({ accepted: 0, rejected: [{ index: 0, path: "exposures.0.unitId", message: "too long" }] }),
    });
    const c = start({ flushIntervalMs: 60_000 });
    c.resolve("fraud", "x".repeat(600));
    c.resolve("fraud", "");
    await c.flush();
    expect(server.batches[0]?.exposures).toHaveLength(1); // the empty unit id is not recorded
    expect(errors.map((e) => e.message).join()).toContain("rejected 1 exposures");
  });

  it("are sent once even when flushes overlap", async () => {
    const c = start({ flushIntervalMs: 5, batchSize: 2 });
    for (let i = 0; i < 9; i++) c.resolve("fraud", `u${i}`);
    await Promise.all([c.flush(), c.flush(), c.flush(), c.flush()]);
    await eventually(() => c.status().sentExposures === 9, 10_000, "9 sent");
    expect(server.batches.flatMap((b) => b.exposures.map((e) => e.unitId)).sort()).toEqual(Array.from({ length: 9 }, (_, i) => `u${i}`));
  });

  it("are not recorded when disabled", async () => {
    const c = start(false);
    c.resolve("fraud", "a");
    await c.flush();
    await c.close();
    expect(server.requestsTo("/v1/exposures")).toEqual([]);
    expect(c.status()).toMatchObject({ droppedExposures: 0, bufferedExposures: 0 });
  });

  it("are flushed by close()", async () => {
    const c = start({ flushIntervalMs: 60_000 });
    c.resolve("fraud", "a");
    await c.close();
    expect(shipped().flatMap((b) => b.exposures.map((e) => e.unitId))).toEqual(["a"]);
    c.resolve("fraud", "after-close");
    expect(c.status().bufferedExposures).toBe(0);
  });
});
