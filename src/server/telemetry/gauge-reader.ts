import type { MetricReading } from "../../core/telemetry/metric-stats.js";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";

/** Reads gauge metrics (one number per variant) from an external source such as Prometheus. */
export interface GaugeReader {
  read(program: string, version: number, aliases: string[], metric: TelemetryMetric, from: Date, to: Date): Promise<MetricReading>;
}
