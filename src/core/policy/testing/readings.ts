/** Test fixtures: telemetry readings as the live gate receives them. */
import type { ConfusionCounts } from "../../stats/sufficient-stats.js";
import type { MetricReading } from "../../telemetry/metric-stats.js";

export function proportionReading(n: number, successes: number): MetricReading {
  return { status: "ok", value: successes / n, n, stats: { n, successes } };
}

/** A classifier reading whose headline value is the false-positive rate. */
export function fprReading(c: ConfusionCounts): MetricReading {
  const n = c.tp + c.fp + c.tn + c.fn;
  return { status: "ok", value: c.fp / (c.fp + c.tn), n, stats: { ...c } };
}

/** A value without sufficient statistics, as Prometheus gauges give. */
export function gaugeReading(value: number, n = 1000): MetricReading {
  return { status: "ok", value, n, stats: null };
}

/** A mean/quantile-like value with mean statistics (enough for bounds; tests use proportions). */
export function valueReading(value: number, n: number): MetricReading {
  return { status: "ok", value, n, stats: { n, sum: value * n, sumSquares: value * value * n * 1.1 } };
}

export function histogramReading(counts: number[]): MetricReading {
  return { status: "ok", value: null, n: counts.reduce((a, b) => a + b, 0), stats: { counts } };
}

export const noDataReading = (reason: string): MetricReading => ({ status: "no_data", reason });
