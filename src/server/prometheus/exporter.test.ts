import Fastify from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotHub } from "../serving/hub.js";
import { MemoryStore } from "../store/memory-store.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { ArenaExporter } from "./exporter.js";

/** The value of one series in exposition text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf("}"));
    const parts = inside.split(",");
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.indexOf("}") + 2));
  }
  return undefined;
}

describe("GET /metrics", () => {
  let h: Harness;
  let now = Date.parse("2026-11-22T10:30:00Z");
  const at = "2026-11-22T10:29:30Z";

  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:30:00Z");
    h = await startHarness({ now: () => new Date(now) });
    expect((await h.call("POST", "/v1/programs", { body: { name: "checkout" } })).status).toBe(201);
    const metrics = {
      error_rate: { kind: "proportion", direction: "lower", source: { type: "request", field: "error" } },
      latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      fpr: { kind: "classifier", classifierMetric: "fpr", direction: "lower", source: { type: "prediction" } },
      ext_errors: { kind: "gauge", direction: "lower", source: { type: "prometheus", query: 'sum(rate(x{version="$version"}[$window]))' } },
    };
    for (const [name, body] of Object.entries(metrics)) {
      const res = await h.call("PUT", `/v1/programs/checkout/metrics/${name}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
  afterEach(() => h.close());

  const post = (batchId: string, events: unknown[]) => h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: { batchId, events } });
  const scrape = async () => {
    const res = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    return res.body;
  };
  const request = (version: number, success: boolean, latencyMs: number) => ({
    type: "request",
    program: "checkout",
    version,
    success,
    latencyMs,
    at,
  });

  it("is public and lists Arena's own health", async () => {
    const res = await h.call("GET", "/metrics", { token: null });
    expect(res.status).toBe(200);
    const text = await scrape();
    for (const name of [
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
      "arena_sse_subscribers",
      "arena_serving_revision",
      "arena_audit_entries",
    ]) {
      expect(text).toContain(`\n${name} `);
    }
    expect(sample(text, "arena_http_requests_total", { method: "GET", route: "/metrics", status: "200" })).toBe(1);
    expect(
      sample(text, "arena_http_requests_total", { method: "PUT", route: "/v1/programs/:program/metrics/:metric", status: "200" }),
    ).toBe(4);
    expect(
      sample(text, "arena_http_request_duration_seconds_count", {
        method: "PUT",
        route: "/v1/programs/:program/metrics/:metric",
        status: "200",
      }),
    ).toBe(4);
    // Program creation and four metric definitions were audited.
    expect(Number(/\narena_audit_entries (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(5);
  });

  it("exports per-variant SLIs computed on refresh, never per scrape", async () => {
    const events = [];
    for (let i = 0; i < 10; i++) events.push(request(1, i !== 0, 100), request(2, i % 2 === 0, 200));
    await post("batch-m-000001", events);
    await h.prometheus.refresh();
    let text = await scrape();
    expect(
      sample(text, "arena_variant_sli", { program: "checkout", version: "1", metric: "error_rate", segment: "all", alias: "" }),
    ).toBeCloseTo(0.1, 12);
    expect(sample(text, "arena_variant_sli", { program: "checkout", version: "2", metric: "error_rate" })).toBeCloseTo(0.5, 12);
    expect(sample(text, "arena_variant_sli", { version: "2", metric: "latency_mean" })).toBe(200);
    expect(sample(text, "arena_variant_sli_samples", { version: "1", metric: "error_rate" })).toBe(10);
    expect(sample(text, "arena_variant_exposures", { program: "checkout", version: "1", segment: "all" })).toBe(0);

    // New events show only after the next refresh.
    await post("batch-m-000002", [
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
      request(1, false, 100),
    ]);
    text = await scrape();
    expect(sample(text, "arena_variant_sli", { version: "1", metric: "error_rate" })).toBeCloseTo(0.1, 12);
    await h.prometheus.refresh();
    text = await scrape();
    expect(sample(text, "arena_variant_sli", { version: "1", metric: "error_rate" })).toBeCloseTo(0.55, 12);
  });

  it("never exports a metric without data as 0: no value, and a no_data series instead", async () => {
    await post("batch-n-000001", [request(1, true, 10)]);
    await h.prometheus.refresh();
    const text = await scrape();
    expect(sample(text, "arena_variant_sli", { version: "1", metric: "fpr" })).toBeUndefined();
    expect(sample(text, "arena_variant_sli_no_data", { program: "checkout", version: "1", metric: "fpr", segment: "all" })).toBe(1);
    expect(sample(text, "arena_variant_sli_no_data", { version: "1", metric: "error_rate" })).toBeUndefined();
    // A gauge read from Prometheus is not exported back into it.
    expect(text).not.toContain('metric="ext_errors"');
  });

  it("drops variants that left the window and clears no_data once data arrives", async () => {
    await post("batch-w-000001", [request(3, true, 10)]);
    await h.prometheus.refresh();
    expect(sample(await scrape(), "arena_variant_sli", { version: "3", metric: "error_rate" })).toBe(0);
    now += 10 * 60_000;
    await h.prometheus.refresh();
    const text = await scrape();
    expect(sample(text, "arena_variant_sli", { version: "3", metric: "error_rate" })).toBeUndefined();
    expect(sample(text, "arena_variant_exposures", { version: "3" })).toBeUndefined();
  });

  it("keeps the last values through failed refreshes for one window, then drops them", async () => {
    await post("batch-f-000001", [request(1, true, 10)]);
    await h.prometheus.refresh();
    const tx = h.store.tx.bind(h.store);
    h.store.tx = () => Promise.reject(new Error("database down"));
    try {
      now += 60_000;
      await h.prometheus.refresh();
      let text = await scrape();
      expect(sample(text, "arena_variant_sli", { version: "1", metric: "error_rate" })).toBe(0);
      expect(text).toContain("arena_variant_sli_refresh_failures_total 1");
      now += 5 * 60_000;
      await h.prometheus.refresh();
      text = await scrape();
      expect(sample(text, "arena_variant_sli", { version: "1", metric: "error_rate" })).toBeUndefined();
    } finally {
      h.store.tx = tx;
    }
  });

  it("shows the aliases of a variant as one label", async () => {
    const reg = (n: number) => h.call("POST", "/v1/programs/checkout/candidates", { body: { artifactUri: `s3://m/${n}` } });
    const v1 = await reg(1);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect((await h.call("PUT", "/v1/programs/checkout/aliases/champion", { body: { version: 1, reason: "first" } })).status).toBe(200);
    await h.prometheus.refresh();
    const text = await scrape();
    // An aliased version without traffic is listed, its SLIs flagged as no data.
    expect(sample(text, "arena_variant_sli_no_data", { version: "1", alias: "champion", metric: "error_rate" })).toBe(1);
    expect(Number(/\narena_serving_revision (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it("counts ingest outcomes and overload refusals", async () => {
    const batch = [request(1, true, 10), { type: "request", program: "nope", version: 1, success: true, at }];
    await post("batch-i-000001", batch);
    await post("batch-i-000001", batch);
    const text = await scrape();
    expect(sample(text, "arena_telemetry_events_total", { endpoint: "/v1/telemetry", outcome: "accepted" })).toBe(1);
    expect(sample(text, "arena_telemetry_events_total", { endpoint: "/v1/telemetry", outcome: "rejected" })).toBe(1);
    expect(sample(text, "arena_telemetry_batches_total", { endpoint: "/v1/telemetry", result: "fresh" })).toBe(1);
    expect(sample(text, "arena_telemetry_batches_total", { endpoint: "/v1/telemetry", result: "duplicate" })).toBe(1);
    expect(sample(text, "arena_overload_refusals_total", { route: "/v1/telemetry" })).toBeUndefined();
    // Fill ingest to capacity (8 batches in flight by default): the next batch is refused before its body is read.
    const releases = Array.from({ length: 8 }, (_, i) => h.ingestAdmission.admit(`client-${i}`));
    expect((await post("batch-i-000002", batch)).status).toBe(503);
    for (const release of releases) release();
    expect(sample(await scrape(), "arena_overload_refusals_total", { route: "/v1/telemetry" })).toBe(1);
    expect(sample(text, "arena_http_requests_total", { route: "unmatched" })).toBeUndefined();
    await h.call("GET", "/no/such/path/123");
    expect(sample(await scrape(), "arena_http_requests_total", { route: "unmatched", status: "404" })).toBe(1);
  });

  it("is in the OpenAPI document as a public route", async () => {
    const doc = (await h.call("GET", "/openapi.json", { token: null })).body;
    expect(doc.paths["/metrics"].get).toBeDefined();
    expect(doc.paths["/metrics"].get.security).toBeUndefined();
  });
});

describe("ArenaExporter refresh failures", () => {
  it("counts them and never throws", async () => {
    const store = new MemoryStore();
    let now = Date.parse("2026-11-22T10:30:00Z");
    const ctx = { store, now: () => new Date(now) };
    let fail = false;
    const programs = async () => {
      if (fail) throw new Error("database down");
      return [];
    };
    const exporter = new ArenaExporter({ app: Fastify(), ctx, hub: new SnapshotHub(ctx), programs });
    const text = () => exporter.registry.metrics();
    await exporter.refresh();
    expect(await text()).toContain("arena_variant_sli_refresh_failures_total 0");
    fail = true;
    now += 60_000;
    await Promise.all([exporter.refresh(), exporter.refresh()]);
    expect(await text()).toContain("arena_variant_sli_refresh_failures_total 1");
    expect(await text()).toContain(`arena_variant_sli_refresh_timestamp_seconds ${Date.parse("2026-11-22T10:30:00Z") / 1000}`);
    await exporter.stop();
    await exporter.refresh();
    expect(await text()).toContain("arena_variant_sli_refresh_failures_total 1");
    await store.close();
  });
});
