/**
 * Where a metric's readings come from, behind one interface (Argo Rollouts'
 * metric providers are the model): built-in telemetry reads the stored
 * aggregates, Prometheus answers a PromQL query per variant. The telemetry
 * query asks the first source that reads a metric; a metric no source reads
 * is `no_data`, never a zero.
 */
import { readMetric, type MetricReading } from "../../core/telemetry/metric-stats.js";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import type { VariantWindow } from "../../core/telemetry/variant-window.js";
import type { GaugeReader } from "./gauge-reader.js";

/** One version over one window: what a source may read from (the stored aggregates are already merged). */
export interface MetricWindow {
  program: string;
  version: number;
  aliases: string[];
  from: Date;
  to: Date;
  /** The version's merged stored aggregates over the window, and its per-unit totals (unit metrics). */
  window: VariantWindow;
  units: UnitTotals[];
}

export interface MetricSource {
  /** Short name for reasons ("telemetry", "prometheus"). */
  name: string;
  /** Whether this source reads the metric (by its definition's `source.type`). */
  reads(metric: TelemetryMetric): boolean;
  /** Never throws: a failure is a no_data reading with its reason. */
  read(metric: TelemetryMetric, at: MetricWindow): Promise<MetricReading>;
}

/** Arena's own telemetry: request, event, ratio, prediction and feature metrics from the stored aggregates. */
export const builtInTelemetry: MetricSource = {
  name: "telemetry",
  reads: (m) => m.source.type !== "prometheus",
  read: async (m, at) => readMetric(m, at.window, at.units),
};

/** Gauge metrics from Prometheus (no_data with the reason when no server is configured). */
export function prometheusSource(gauges: GaugeReader | null): MetricSource {
  return {
    name: "prometheus",
    reads: (m) => m.source.type === "prometheus",
    read: async (m, at) =>
      gauges
        ? gauges.read(at.program, at.version, at.aliases, m, at.from, at.to)
        : { status: "no_data", reason: "no Prometheus server configured (ARENA_PROMETHEUS_URL)" },
  };
}

/** The sources a server reads from: built-in telemetry, and Prometheus when configured. */
export function defaultSources(gauges: GaugeReader | null): MetricSource[] {
  return [builtInTelemetry, prometheusSource(gauges)];
}

/** The reading of `metric` from the first source that reads it. */
export async function readFrom(sources: readonly MetricSource[], metric: TelemetryMetric, at: MetricWindow): Promise<MetricReading> {
  const source = sources.find((s) => s.reads(metric));
  return source ? source.read(metric, at) : { status: "no_data", reason: `no metric source reads ${metric.source.type} metrics` };
}
