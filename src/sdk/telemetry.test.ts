import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sketchFromValues } from "../core/stats/quantile-sketch.js";
import { createClient } from "./client.js";
import type { ArenaSdkError } from "./errors.js";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";
import type { ArenaClient, TelemetryOptions } from "./types.js";

const MINUTE = 60_000;
/** The recorder's window width (the server's finest bucket). */
const WINDOW = 10_000;
const T0 = Date.UTC(2025, 5, 1, 12, 0, 10);
let now = T0;
let server: FakeArenaServer;
let client: ArenaClient | undefined;
const errors: ArenaSdkError[] = [];

const snapshot = testSnapshot(1, { checkout: { aliases: { champion: 1 } } });

function start(telemetry: TelemetryOptions | false = { flushIntervalMs: 60_000 }): ArenaClient {
  client = createClient({
    url: server.url,
    token: server.token,
    bootstrap: snapshot,
    stream: false,
    pollIntervalMs: 60_000,
    exposures: false,
    telemetry,
    now: () => now,
    onError: (e) => errors.push(e),
  });
  return client;
}

const aggregates = () => server.acceptedTelemetry().flatMap((b) => b.events.filter((e) => e.type === "aggregate"));

beforeEach(async () => {
  now = T0;
  server = await new FakeArenaServer().start();
  server.publish(snapshot);
  errors.length = 0;
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

describe("client.record", () => {
  it("ships requests as one aggregate per (program, version, segments, 10-second window)", async () => {
    const c = start();
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      latencies.push(10 + i);
      c.record.request("checkout", { version: 1, success: i % 10 !== 0, latencyMs: 10 + i, cost: 0.5 });
    }
    c.record.request("checkout", { version: 2, success: true, segments: { region: "eu", device: "ios" } });
    c.record.request("checkout", { version: 2, success: false, segments: { device: "ios", region: "eu" } });
    expect(c.status().bufferedTelemetry).toBe(102);
    await c.flush();
    const [v1, v2] = aggregates();
    expect(v1).toEqual({
      type: "aggregate",
      program: "checkout",
      version: 1,
      at: T0 - (T0 % WINDOW),
      window: {
        requests: 100,
        errors: 10,
        latency: {
          n: 100,
          sum: latencies.reduce((a, b) => a + b),
          sumSquares: latencies.reduce((a, b) => a + b * b, 0),
          sketch: sketchFromValues(latencies),
        },
        cost: { n: 100, sum: 50, sumSquares: 25 },
        events: {},
        features: {},
      },
    });
    expect(v2).toMatchObject({
      version: 2,
      segments: { region: "eu", device: "ios" },
      window: { requests: 2, errors: 1, latency: { n: 0, sketch: null } },
    });
    expect(c.status()).toMatchObject({ sentTelemetry: 102, bufferedTelemetry: 0, droppedTelemetry: 0 });
  });

  it("starts a new window each 10 seconds and keeps events, features, predictions and labels", async () => {
    const c = start();
    c.record.event("checkout", { version: 1, name: "purchase", value: 20 });
    c.record.event("checkout", { version: 1, name: "click" });
    now += MINUTE;
    c.record.event("checkout", { version: 1, name: "purchase", value: 30 });
    c.record.feature("checkout", { version: 1, feature: "amount", value: -3 });
    c.record.prediction("checkout", { version: 1, predictionId: "p1", predicted: true });
    c.record.label("checkout", { predictionId: "p1", actual: false });
    await c.flush();
    const events = server.acceptedTelemetry().flatMap((b) => b.events);
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ["aggregate", T0 - (T0 % WINDOW)],
      ["aggregate", T0 - (T0 % WINDOW) + MINUTE],
      ["prediction", now],
      ["label", now],
    ]);
    expect(events[0]).toMatchObject({ window: { events: { purchase: { n: 1, sum: 20 }, click: { n: 1, sum: 1, sketch: null } } } });
    expect(events[1]).toMatchObject({ window: { features: { amount: { n: 1, sum: -3, sketch: sketchFromValues([-3]) } } } });
    expect(events[2]).toEqual({ type: "prediction", program: "checkout", version: 1, predictionId: "p1", predicted: true, at: now });
  });

  it("keeps per-unit totals only when asked, bounded per window", async () => {
    const c = start({ flushIntervalMs: 60_000, trackUnits: ["checkout"], maxUnitsPerWindow: 2 });
    for (const unitId of ["u1", "u2", "u1", "u3"]) c.record.request("checkout", { version: 1, unitId, success: true, cost: 1 });
    c.record.event("checkout", { version: 1, unitId: "u1", name: "purchase", value: 5 });
    c.record.request("other", { version: 1, unitId: "u1", success: true });
    await c.flush();
    const [checkout, other] = aggregates();
    expect(checkout!.units).toEqual({
      u1: { requests: 2, errors: 0, cost: 2, events: { purchase: [1, 5] } },
      u2: { requests: 1, errors: 0, cost: 1, events: {} },
    });
    expect(checkout!.window).toMatchObject({ requests: 4 });
    expect(other!.units).toBeUndefined();
    expect(c.status().droppedUnitTotals).toBe(1);
    await eventually(
      () => errors.some((e) => e.source === "telemetry" && /1 units full/.test(e.message)),
      5_000,
      "a report of the unit drop",
    );
  });

  it("bounds memory: observations beyond maxWindows and maxEvents are counted and reported", async () => {
    const c = start({ flushIntervalMs: 60_000, maxWindows: 2, maxEvents: 1 });
    c.record.request("checkout", { version: 1, success: true });
    c.record.request("checkout", { version: 2, success: true });
    c.record.request("checkout", { version: 3, success: true });
    c.record.request("checkout", { version: 3, success: false });
    c.record.label("checkout", { predictionId: "a", actual: true });
    c.record.label("checkout", { predictionId: "b", actual: true });
    expect(c.status()).toMatchObject({ droppedTelemetry: 3, bufferedTelemetry: 3 });
    await eventually(
      () => errors.some((e) => e.source === "telemetry" && /2 windows full, 1 events full/.test(e.message)),
      5_000,
      "a drop report",
    );
  });

  it("never throws on bad input: counts and reports it instead", () => {
    const c = start();
    const bad = c.record as unknown as Record<string, (...args: unknown[]) => void>;
    expect(() => {
      bad.request!("checkout", { version: 0, success: true });
      bad.request!("checkout", { version: 1, success: true, latencyMs: -1 });
      bad.request!(undefined, undefined);
      bad.event!("checkout", { version: 1, name: "Bad Name" });
      bad.event!("checkout", { version: 1, name: "constructor" });
      bad.feature!("checkout", { version: 1, feature: "x", value: Number.NaN });
      bad.prediction!("checkout", { version: 1, predictionId: "", predicted: true });
      bad.label!("checkout", null);
    }).not.toThrow();
    const hostile = Object.defineProperty({}, "version", {
      get() {
        throw new Error("no version here");
      },
    });
    const { request } = c.record;
    expect(() => request("checkout", hostile as never)).not.toThrow();
    expect(c.status()).toMatchObject({ droppedTelemetry: 9, bufferedTelemetry: 0 });
  });

  it("retries with the same batchId, honouring a 503's Retry-After", async () => {
    server.scriptTelemetry({ status: 503, headers: { "retry-after": "1" } }, { status: 429, headers: { "retry-after": "0" } });
    const c = start({ flushIntervalMs: 20 });
    c.record.request("checkout", { version: 1, success: true });
    await eventually(() => c.status().sentTelemetry === 1, 10_000, "the batch accepted");
    const sends = server.requestsTo("/v1/telemetry");
    expect(sends.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(new Set(server.telemetryBatches.map((b) => b.batchId)).size).toBe(1);
    expect(errors.filter((e) => e.source === "telemetry").map((e) => e.message)).toEqual([
      "shipping telemetry failed: HTTP 503",
      "shipping telemetry failed: HTTP 429",
    ]);
  });

  it("counts a refused batch as dropped", async () => {
    server.scriptTelemetry({ status: 400, body: JSON.stringify({ error: { code: "invalid_input", message: "body.batchId: bad" } }) });
    const c = start();
    c.record.request("checkout", { version: 1, success: true });
    c.record.request("checkout", { version: 1, success: true });
    await c.flush();
    expect(c.status()).toMatchObject({ droppedTelemetry: 2, sentTelemetry: 0, bufferedTelemetry: 0 });
  });

  it("reports events the server rejected from an accepted batch", async () => {
    server.scriptTelemetry({
      status: 200,
      body: JSON.stringify({
        accepted: 0,
        rejected: [{ index: 0, path: "events.0.program", message: 'program "checkout" does not exist' }],
      }),
    });
    const c = start();
    c.record.request("checkout", { version: 1, success: true });
    await c.flush();
    expect(errors.filter((e) => e.source === "telemetry").map((e) => e.message)).toEqual([
      expect.stringMatching(/rejected 1 telemetry events.*does not exist/),
    ]);
  });

  it("splits the units of a big window over several aggregates of one batch", async () => {
    const c = start({ flushIntervalMs: 60_000, trackUnits: true });
    for (let i = 0; i < 2_500; i++) c.record.request("checkout", { version: 1, unitId: `u${i}`, success: true });
    await c.flush();
    const [first, ...rest] = aggregates();
    expect([first, ...rest].map((a) => Object.keys(a!.units as object).length)).toEqual([1_000, 1_000, 500]);
    expect(first!.window).toMatchObject({ requests: 2_500 });
    expect(rest.map((a) => a.window)).toEqual([{}, {}]);
    expect(server.acceptedTelemetry()).toHaveLength(1);
  });

  it("on close, ships what it can and counts the rest as dropped", async () => {
    const c = start();
    c.record.request("checkout", { version: 1, success: true });
    await server.stop();
    await c.close();
    expect(c.status()).toMatchObject({ droppedTelemetry: 1, bufferedTelemetry: 0 });
    expect(errors.some((e) => e.source === "telemetry" && /1 closed/.test(e.message))).toBe(true);
    c.record.request("checkout", { version: 1, success: true });
    expect(c.status().droppedTelemetry).toBe(2);
  });

  it("records nothing when disabled", async () => {
    const c = start(false);
    c.record.request("checkout", { version: 1, success: true });
    await c.flush();
    expect(c.status()).toMatchObject({ droppedTelemetry: 0, bufferedTelemetry: 0, sentTelemetry: 0 });
    expect(server.requestsTo("/v1/telemetry")).toEqual([]);
  });
});
