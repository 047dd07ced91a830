import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WindowBuilder } from "../../core/telemetry/window-builder.js";
import { startHarness, type Harness } from "../testing/harness.js";

const METRICS: Record<string, unknown> = {
  error_rate: { kind: "proportion", direction: "lower", source: { type: "request", field: "error" } },
  latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  revenue_per_user: {
    kind: "mean",
    direction: "higher",
    aggregation: "unit",
    source: { type: "event", event: "purchase", field: "value" },
  },
  converted: { kind: "proportion", direction: "higher", aggregation: "unit", source: { type: "event", event: "purchase", field: "count" } },
  cost_per_request: {
    kind: "ratio",
    direction: "lower",
    aggregation: "unit",
    source: { type: "ratio", numerator: { type: "cost" }, denominator: { type: "requests" } },
  },
  amount_drift: { kind: "drift", direction: "lower", source: { type: "feature", feature: "amount", bins: [10, 50, 100] } },
};

describe("pre-aggregated telemetry (type: aggregate)", () => {
  let h: Harness;
  const now = Date.parse("2026-11-22T10:30:00Z");
  const at = Date.parse("2026-11-22T10:29:12Z");
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date(now) });
    await h.call("POST", "/v1/programs", { body: { name: "checkout" } });
    for (const [name, body] of Object.entries(METRICS))
      expect((await h.call("PUT", `/v1/programs/checkout/metrics/${name}`, { body })).status).toBe(200);
    await h.call("PUT", "/v1/programs/checkout/segments", { body: { dimensions: [{ name: "region", values: ["eu", "us"] }] } });
  });
  afterEach(() => h.close());

  const post = (batchId: string, events: unknown[]) => h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: { batchId, events } });
  const report = async (query = "window=1h") => (await h.call("GET", `/v1/programs/checkout/telemetry?${query}`)).body;

  /** The same observations as raw events (for `version`) and as what an SDK would aggregate. */
  function observations(version: number) {
    const raw: unknown[] = [];
    const builder = new WindowBuilder();
    const units: Record<
      string,
      { exposed: boolean; requests: number; errors: number; cost: number; events: Record<string, [number, number]> }
    > = {};
    for (let i = 0; i < 50; i++) {
      const unitId = `u${i % 10}`;
      const u = (units[unitId] ??= { exposed: false, requests: 0, errors: 0, cost: 0, events: {} });
      if (i < 10) {
        raw.push({ type: "exposure", program: "checkout", version, unitId, at, segments: { region: "eu" } });
        builder.exposures++;
        u.exposed = true;
      }
      const success = i % 7 !== 0;
      const latencyMs = 10 + ((i * 37) % 90);
      raw.push({ type: "request", program: "checkout", version, unitId, success, latencyMs, cost: 0.25, at, segments: { region: "eu" } });
      builder.request(success, latencyMs, 0.25);
      u.requests++;
      if (!success) u.errors++;
      u.cost += 0.25;
      if (i % 5 === 0) {
        raw.push({ type: "event", program: "checkout", version, unitId, name: "purchase", value: 20 + i, at, segments: { region: "eu" } });
        builder.event("purchase", 20 + i);
        const prev = u.events.purchase ?? [0, 0];
        u.events.purchase = [prev[0] + 1, prev[1] + 20 + i];
      }
      raw.push({ type: "feature", program: "checkout", version, feature: "amount", value: i * 3, at, segments: { region: "eu" } });
      builder.feature("amount", i * 3);
    }
    const { confusion: _c, unlabelled: _u, ...window } = builder.build();
    return {
      raw,
      aggregate: { type: "aggregate", program: "checkout", version, at: at + 30_000, segments: { region: "eu" }, window, units },
    };
  }

  it("counts an aggregate exactly as the raw events it summarises", async () => {
    const first = observations(1);
    const second = observations(2);
    expect((await post("raw-batch-0001", first.raw)).body).toMatchObject({ rejected: [], accepted: first.raw.length });
    expect((await post("agg-batch-0001", [second.aggregate])).body).toMatchObject({ rejected: [], accepted: 1 });
    for (const query of ["window=1h", "window=1h&segment=region%3Deu"]) {
      const r = await report(query);
      const [v1, v2] = r.variants;
      expect(v2.exposures).toBe(v1.exposures);
      for (const name of Object.keys(METRICS)) {
        expect(v2.metrics[name].status, name).toBe("ok");
        expect(v2.metrics[name].n, name).toBe(v1.metrics[name].n);
        expect(v2.metrics[name].value, name).toBeCloseTo(v1.metrics[name].value ?? 0, 9);
        expect(v2.metrics[name].stats, name).toEqual(v1.metrics[name].stats);
      }
    }
    expect((await report("window=1h&segment=region%3Dus")).variants).toEqual([]);
  });

  it("merges aggregates with raw events of the same minute", async () => {
    const { raw, aggregate } = observations(1);
    await post("raw-batch-0002", raw);
    await post("agg-batch-0002", [aggregate]);
    const v1 = (await report()).variants[0];
    expect(v1.metrics.error_rate.stats).toEqual({ n: 100, successes: 16 });
    expect(v1.metrics.revenue_per_user.n).toBe(10);
  });

  it("rejects a malformed aggregate by index and field, keeping its neighbours", async () => {
    const { aggregate } = observations(1);
    const bad = {
      ...aggregate,
      window: {
        ...aggregate.window,
        latency: { ...aggregate.window.latency, sketch: { ...aggregate.window.latency.sketch, relativeAccuracy: 0.05 } },
      },
    };
    const res = await post("agg-batch-0003", [aggregate, bad]);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, path: "events.1.window.latency.sketch.relativeAccuracy", message: expect.stringMatching(/must be 0\.01/) },
    ]);
  });
});
