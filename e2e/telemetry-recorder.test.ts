/**
 * The SDK's telemetry recorder against the real server (its own process, SQLite):
 * 1,000 requests recorded through client.record arrive as pre-aggregated windows,
 * and the server's report shows the exact counts and a p95 within 1 % of the true one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../bench/support/server-process.js";
import { createClient } from "../src/sdk/index.js";

describe("SDK telemetry recorder → real server", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
    await server.api("POST", "/v1/programs", { name: "checkout" });
    await server.api("POST", "/v1/programs/checkout/candidates", { artifactUri: "s3://checkout/1" });
    await server.api("PUT", "/v1/programs/checkout/aliases/champion", { version: 1, reason: "start" });
    const metrics: Record<string, unknown> = {
      error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
      latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      cost_per_request: {
        kind: "ratio",
        direction: "lower",
        unit: "$",
        aggregation: "unit",
        source: { type: "ratio", numerator: { type: "cost" }, denominator: { type: "requests" } },
      },
      revenue: { kind: "mean", direction: "higher", unit: "$", source: { type: "event", event: "purchase", field: "value" } },
    };
    for (const [name, body] of Object.entries(metrics)) await server.api("PUT", `/v1/programs/checkout/metrics/${name}`, body);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("records 1,000 requests and reads exact counts and a p95 within 1 %", async () => {
    const { token } = await server.api<{ token: string }>("POST", "/v1/tokens", { name: "checkout-service", roles: ["sdk"] });
    const errors: string[] = [];
    const sdk = createClient({
      url: server.url,
      token,
      stream: false,
      telemetry: { trackUnits: true },
      onError: (e) => errors.push(e.message),
    });
    const latencies: number[] = [];
    let failures = 0;
    try {
      expect(await sdk.ready(10_000)).toBe(true);
      for (let i = 0; i < 1_000; i++) {
        const unitId = `user-${i % 200}`;
        const { version } = sdk.resolve("checkout", unitId);
        const latencyMs = 5 + ((i * 7919) % 1000) * 0.3;
        const success = i % 25 !== 0;
        latencies.push(latencyMs);
        if (!success) failures++;
        sdk.record.request("checkout", { version: version!, unitId, success, latencyMs, cost: 0.002 });
        if (i % 10 === 0) sdk.record.event("checkout", { version: version!, unitId, name: "purchase", value: 30 });
      }
      await sdk.flush();
      expect(sdk.status()).toMatchObject({ sentTelemetry: 1_100, droppedTelemetry: 0, bufferedTelemetry: 0 });
    } finally {
      await sdk.close();
    }
    expect(errors).toEqual([]);

    type Reading = { status: string; value: number; n: number; stats: Record<string, number> };
    const report = await server.api<{ variants: Array<{ version: number; exposures: number; metrics: Record<string, Reading> }> }>(
      "GET",
      "/v1/programs/checkout/telemetry?window=1h",
    );
    expect(report.variants).toHaveLength(1);
    const v1 = report.variants[0]!;
    expect(v1.metrics.error_rate).toMatchObject({ status: "ok", n: 1_000, stats: { n: 1_000, successes: failures } });
    expect(v1.metrics.revenue).toMatchObject({ status: "ok", n: 100, value: 30 });
    // Unit-level: the 200 users were exposed (resolve) and carried their totals in the aggregates.
    expect(v1.exposures).toBe(1_000);
    expect(v1.metrics.cost_per_request).toMatchObject({ status: "ok", n: 200 });
    expect(v1.metrics.cost_per_request!.value).toBeCloseTo(0.002, 12);
    const sorted = [...latencies].sort((a, b) => a - b);
    const trueP95 = sorted[Math.floor(0.95 * (sorted.length - 1))]!;
    expect(v1.metrics.latency_p95).toMatchObject({ status: "ok", n: 1_000 });
    expect(Math.abs(v1.metrics.latency_p95!.value - trueP95) / trueP95).toBeLessThanOrEqual(0.01);
  }, 60_000);
});
