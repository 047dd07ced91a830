import { describe, expect, it } from "vitest";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import { emptyWindow } from "../../core/telemetry/variant-window.js";
import { builtInTelemetry, defaultSources, prometheusSource, readFrom, type MetricWindow } from "./metric-source.js";

const gauge: TelemetryMetric = {
  name: "cpu",
  kind: "gauge",
  direction: "lower",
  unit: "",
  description: "",
  aggregation: "request",
  source: { type: "prometheus", query: "up" },
};
const errors: TelemetryMetric = {
  name: "error_rate",
  kind: "proportion",
  direction: "lower",
  unit: "",
  description: "",
  aggregation: "request",
  source: { type: "request", field: "error" },
};
const at: MetricWindow = {
  program: "p",
  version: 2,
  aliases: ["challenger"],
  from: new Date(0),
  to: new Date(60_000),
  window: { ...emptyWindow(), requests: 10, errors: 3 },
  units: [],
};

describe("metric sources", () => {
  it("reads each metric from the one source that reads its kind of source", async () => {
    const calls: string[] = [];
    const gauges = {
      read: async (program: string, version: number, aliases: string[]) => (
        calls.push(`${program} v${version} ${aliases.join(",")}`),
        { status: "ok" as const, value: 0.4, n: 1, stats: null }
      ),
    };
    expect(await readFrom(defaultSources(gauges), gauge, at)).toMatchObject({ status: "ok", value: 0.4 });
    expect(calls).toEqual(["p v2 challenger"]);
    expect(await readFrom(defaultSources(gauges), errors, at)).toMatchObject({ status: "ok", value: 0.3, n: 10 });
    expect(builtInTelemetry.reads(gauge)).toBe(false);
  });

  it("a metric no source reads, or Prometheus without a server, is no_data with the reason (never a zero)", async () => {
    expect(await readFrom([builtInTelemetry], gauge, at)).toEqual({
      status: "no_data",
      reason: "no metric source reads prometheus metrics",
    });
    expect(await readFrom([prometheusSource(null)], gauge, at)).toMatchObject({
      status: "no_data",
      reason: expect.stringContaining("ARENA_PROMETHEUS_URL"),
    });
  });
});
