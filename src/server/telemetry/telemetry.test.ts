import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("telemetry ingest and reports", () => {
  let h: Harness;
  let now = Date.parse("2026-11-22T10:30:00Z");
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:30:00Z");
    h = await startHarness({ now: () => new Date(now) });
    await h.call("POST", "/v1/programs", { body: { name: "checkout" } });
    for (const name of [
      "error_rate",
      "latency_p95",
      "latency_mean",
      "revenue_per_user",
      "converted",
      "cost_per_request",
      "fpr",
      "amount_drift",
    ]) {
      const body = {
        error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
        latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
        latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
        revenue_per_user: {
          kind: "mean",
          direction: "higher",
          unit: "$",
          aggregation: "unit",
          source: { type: "event", event: "purchase", field: "value" },
        },
        converted: {
          kind: "proportion",
          direction: "higher",
          aggregation: "unit",
          source: { type: "event", event: "purchase", field: "count" },
        },
        cost_per_request: {
          kind: "ratio",
          direction: "lower",
          unit: "$",
          aggregation: "unit",
          source: { type: "ratio", numerator: { type: "cost" }, denominator: { type: "requests" } },
        },
        fpr: { kind: "classifier", classifierMetric: "fpr", direction: "lower", source: { type: "prediction" } },
        amount_drift: { kind: "drift", direction: "lower", source: { type: "feature", feature: "amount", bins: [10, 50, 100] } },
      }[name];
      const res = await h.call("PUT", `/v1/programs/checkout/metrics/${name}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await h.call("PUT", "/v1/programs/checkout/segments", { body: { dimensions: [{ name: "region", values: ["eu", "us"] }] } });
  });
  afterEach(() => h.close());

  const at = "2026-11-22T10:29:30Z";
  const post = (batchId: string, events: unknown[]) => h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: { batchId, events } });
  const report = async (query = "window=1h") => (await h.call("GET", `/v1/programs/checkout/telemetry?${query}`)).body;

  it("turns events into per-variant SLIs with their sufficient statistics", async () => {
    const events: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      events.push({ type: "exposure", program: "checkout", version: 1, unitId: `u${i}`, at });
      events.push({
        type: "request",
        program: "checkout",
        version: 1,
        unitId: `u${i}`,
        success: i % 10 !== 0,
        latencyMs: 100 + i,
        cost: 0.5,
        at,
      });
      if (i % 4 === 0) events.push({ type: "event", program: "checkout", version: 1, unitId: `u${i}`, name: "purchase", value: 20, at });
    }
    const res = await post("batch-a-000001", events);
    expect(res.body).toMatchObject({ accepted: 225, rejected: [], duplicate: false });
    const r = await report();
    const v1 = r.variants.find((v: { version: number }) => v.version === 1);
    expect(v1.exposures).toBe(100);
    expect(v1.metrics.error_rate).toMatchObject({ status: "ok", value: 0.1, n: 100, stats: { n: 100, successes: 10 } });
    expect(v1.metrics.latency_mean.value).toBeCloseTo(149.5, 6);
    expect(v1.metrics.latency_p95.value).toBeGreaterThan(190);
    expect(v1.metrics.latency_p95.value).toBeLessThan(200);
    expect(v1.metrics.revenue_per_user).toMatchObject({ status: "ok", value: 5, n: 100 });
    expect(v1.metrics.converted).toMatchObject({ status: "ok", value: 0.25 });
    expect(v1.metrics.cost_per_request).toMatchObject({ status: "ok", value: 0.5 });
    expect(v1.metrics.fpr).toMatchObject({ status: "no_data" });
    expect(v1.metrics.amount_drift).toMatchObject({ status: "no_data" });
  });

  it("never reports missing data as zero", async () => {
    const r = await report();
    expect(r.variants).toEqual([]);
    await post("batch-b-000001", [{ type: "exposure", program: "checkout", version: 2, unitId: "u1", at }]);
    const v2 = (await report()).variants[0];
    expect(v2.metrics.error_rate).toEqual({ status: "no_data", reason: "no requests in the window" });
    expect(v2.metrics.latency_p95.status).toBe("no_data");
  });

  it("counts a retried batch once and keeps good events next to bad ones", async () => {
    const batch = [
      { type: "request", program: "checkout", version: 1, success: true, latencyMs: 10, at },
      { type: "request", program: "checkout", version: 1, success: "yes", at },
      { type: "request", program: "nope", version: 1, success: true, at },
      { type: "request", program: "checkout", version: 1, success: false, latencyMs: -1, at },
      { type: "bogus", program: "checkout" },
      { type: "request", program: "checkout", version: 1, success: false, at: "yesterday" },
      { type: "request", program: "checkout", version: 1, success: false, latencyMs: 30, at },
    ];
    const first = await post("batch-c-000001", batch);
    expect(first.body.accepted).toBe(2);
    expect(first.body.rejected.map((r: { path: string }) => r.path)).toEqual([
      "events.1.success",
      "events.2.program",
      "events.3.latencyMs",
      "events.4.type",
      "events.5.at",
    ]);
    expect((await post("batch-c-000001", batch)).body.duplicate).toBe(true);
    const v1 = (await report()).variants[0];
    expect(v1.metrics.error_rate.stats).toEqual({ n: 2, successes: 1 });
  });

  it("keeps segments apart and buckets undeclared values as other", async () => {
    const events = [
      { type: "request", program: "checkout", version: 1, success: true, at, segments: { region: "eu" } },
      { type: "request", program: "checkout", version: 1, success: false, at, segments: { region: "eu" } },
      { type: "request", program: "checkout", version: 1, success: false, at, segments: { region: "mars" } },
      { type: "request", program: "checkout", version: 1, success: true, at },
    ];
    await post("batch-d-000001", events);
    expect((await report()).variants[0].metrics.error_rate.stats).toEqual({ n: 4, successes: 2 });
    expect((await report("window=1h&segment=region%3Deu")).variants[0].metrics.error_rate.stats).toEqual({ n: 2, successes: 1 });
    expect((await report("window=1h&segment=region%3Dother")).variants[0].metrics.error_rate.stats).toEqual({ n: 1, successes: 1 });
    expect((await report("window=1h&segment=region%3Dus")).variants).toEqual([]);
  });

  it("joins labels that arrive later (or earlier) with their predictions", async () => {
    await post("batch-e-000001", [
      { type: "prediction", program: "checkout", version: 1, predictionId: "p1", predicted: true, at },
      { type: "prediction", program: "checkout", version: 1, predictionId: "p2", predicted: true, at },
      { type: "label", program: "checkout", predictionId: "p3", actual: false, at },
    ]);
    expect((await report()).variants[0]?.metrics.fpr ?? { status: "no_data" }).toMatchObject({ status: "no_data" });
    now += 3_600_000 * 5;
    await post("batch-e-000002", [
      { type: "label", program: "checkout", predictionId: "p1", actual: true, at: "2026-11-22T15:00:00Z" },
      { type: "label", program: "checkout", predictionId: "p2", actual: false, at: "2026-11-22T15:00:00Z" },
      { type: "prediction", program: "checkout", version: 1, predictionId: "p3", predicted: false, at },
    ]);
    const v1 = (await report("window=6h")).variants[0];
    // Counted in the prediction's minute, so a window over the prediction time sees it.
    expect(v1.metrics.fpr.stats).toEqual({ tp: 1, fp: 1, tn: 1, fn: 0 });
    expect(v1.metrics.fpr.value).toBeCloseTo(0.5, 10);
  });

  it("joins one label to the champion's and the shadow's predictions that share its predictionId, whichever comes first", async () => {
    const fpr = async (version: number) =>
      (await report("window=6h")).variants.find((v: { version: number }) => v.version === version)?.metrics.fpr.stats;
    // Champion and shadow predict on one transaction under one id; a single label answers both.
    await post("batch-s-000001", [
      { type: "prediction", program: "checkout", version: 1, predictionId: "tx-1", predicted: true, at },
      { type: "prediction", program: "checkout", version: 2, predictionId: "tx-1", predicted: false, at },
    ]);
    await post("batch-s-000002", [{ type: "label", program: "checkout", predictionId: "tx-1", actual: false, at }]);
    expect(await fpr(1)).toEqual({ tp: 0, fp: 1, tn: 0, fn: 0 });
    expect(await fpr(2)).toEqual({ tp: 0, fp: 0, tn: 1, fn: 0 });
    // A label first, then the two versions' predictions in later batches: both join it.
    await post("batch-s-000003", [{ type: "label", program: "checkout", predictionId: "tx-2", actual: true, at }]);
    await post("batch-s-000004", [{ type: "prediction", program: "checkout", version: 1, predictionId: "tx-2", predicted: true, at }]);
    await post("batch-s-000005", [{ type: "prediction", program: "checkout", version: 2, predictionId: "tx-2", predicted: true, at }]);
    expect(await fpr(1)).toEqual({ tp: 1, fp: 1, tn: 0, fn: 0 });
    expect(await fpr(2)).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it("computes drift histograms from the feature sketch with any bins", async () => {
    const events = [5, 20, 20, 70, 150].map((value) => ({
      type: "feature",
      program: "checkout",
      version: 1,
      feature: "amount",
      value,
      at,
    }));
    await post("batch-f-000001", events);
    expect((await report()).variants[0].metrics.amount_drift.stats).toEqual({ counts: [1, 2, 1, 1] });
  });

  it("refuses a batch with 503 and Retry-After when ingest is at capacity", async () => {
    const releases = Array.from({ length: 8 }, (_, i) => h.ingestAdmission.admit(`client-${i}`));
    const res = await post("batch-g-000001", [{ type: "request", program: "checkout", version: 1, success: true, at }]);
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("1");
    releases.forEach((release) => release());
    expect((await post("batch-g-000001", [{ type: "request", program: "checkout", version: 1, success: true, at }])).status).toBe(200);
  });

  it("validates metric definitions with field-named errors", async () => {
    const bad = await h.call("PUT", "/v1/programs/checkout/metrics/p99", {
      body: { kind: "quantile", direction: "lower", source: { type: "request", field: "latency" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.quantile/);
    const ratio = await h.call("PUT", "/v1/programs/checkout/metrics/r", {
      body: { kind: "ratio", direction: "lower", source: { type: "request", field: "cost" } },
    });
    expect(ratio.body.error.message).toMatch(/^body\.source/);
  });
});
