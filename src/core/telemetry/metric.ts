/** A program's metric, as telemetry computes it (the zod schema in src/contracts/metrics.ts validates it). */
import { STATS_METRIC_KINDS } from "../stats/metric-definition.js";

export type Quantity =
  { type: "requests" } | { type: "errors" } | { type: "cost" } | { type: "event"; event: string; field: "count" | "value" };

export type MetricSource =
  | { type: "request"; field: "error" | "success" | "latency" | "cost" }
  | { type: "event"; event: string; field: "count" | "value" }
  | { type: "ratio"; numerator: Quantity; denominator: Quantity }
  | { type: "prediction" }
  | { type: "feature"; feature: string; bins: number[] }
  | { type: "prometheus"; query: string };

/** Every metric kind a program may define: the compared ones, and gauges read from Prometheus. */
export const METRIC_KINDS = [...STATS_METRIC_KINDS, "gauge"] as const;
export type TelemetryMetricKind = (typeof METRIC_KINDS)[number];

export interface TelemetryMetric {
  name: string;
  kind: TelemetryMetricKind;
  direction: "higher" | "lower";
  unit: string;
  description: string;
  aggregation: "request" | "unit";
  source: MetricSource;
  quantile?: number | undefined;
  classifierMetric?: "precision" | "recall" | "f1" | "fpr" | "accuracy" | undefined;
}

/** True when the metric needs per-unit accumulation (a value per user, not per request). */
export function needsUnits(metric: TelemetryMetric): boolean {
  return metric.aggregation === "unit";
}
