/**
 * From stored windows to what the statistics engine reads: the sufficient
 * statistics of one metric for one variant, and its headline value (the SLI).
 * "No data" is a status of its own, never a zero.
 */
import { classifierMetric } from "../stats/classifier.js";
import type { MetricStats } from "../stats/metric-definition.js";
import { sketchQuantile } from "../stats/quantile-sketch.js";
import { histogramFromSketch } from "./histogram.js";
import type { TelemetryMetric } from "./metric.js";
import { unitMeanStats, unitProportionStats, unitRatioStats, type UnitTotals } from "./unit-accumulator.js";
import type { VariantWindow } from "./variant-window.js";

export type MetricReading =
  | {
      status: "ok";
      value: number | null;
      n: number;
      /** null for gauges read from Prometheus: a value without sufficient statistics. */ stats: MetricStats | null;
    }
  | { status: "no_data"; reason: string };

const noData = (reason: string): MetricReading => ({ status: "no_data", reason });

function readUnits(metric: TelemetryMetric, units: readonly UnitTotals[]): MetricReading {
  const s = metric.source;
  const exposed = units.filter((u) => u.exposed).length;
  if (exposed === 0) return noData("no exposed units in the window");
  if (s.type === "ratio") {
    const stats = unitRatioStats(units, s.numerator, s.denominator);
    if (stats.denominatorSum === 0) return noData("the denominator is zero for every unit");
    return { status: "ok", value: stats.numeratorSum / stats.denominatorSum, n: stats.n, stats };
  }
  const quantity =
    s.type === "event"
      ? { type: "event" as const, event: s.event, field: s.field }
      : s.type === "request"
        ? { type: s.field === "cost" ? ("cost" as const) : s.field === "error" ? ("errors" as const) : ("requests" as const) }
        : null;
  if (!quantity) return noData(`source ${s.type} has no per-unit form`);
  if (metric.kind === "proportion") {
    const stats = unitProportionStats(units, quantity);
    return { status: "ok", value: stats.successes / stats.n, n: stats.n, stats };
  }
  const stats = unitMeanStats(units, quantity);
  return { status: "ok", value: stats.sum / stats.n, n: stats.n, stats };
}

/** One metric of one variant over a merged window (and its units, for unit-level metrics). */
export function readMetric(metric: TelemetryMetric, w: VariantWindow, units: readonly UnitTotals[] = []): MetricReading {
  if (metric.aggregation === "unit") return readUnits(metric, units);
  const s = metric.source;
  switch (s.type) {
    case "request": {
      if (w.requests === 0) return noData("no requests in the window");
      if (s.field === "error" || s.field === "success") {
        const successes = s.field === "error" ? w.errors : w.requests - w.errors;
        return { status: "ok", value: successes / w.requests, n: w.requests, stats: { n: w.requests, successes } };
      }
      if (s.field === "cost") {
        if (w.cost.n === 0) return noData("no request reported a cost");
        return { status: "ok", value: w.cost.sum / w.cost.n, n: w.cost.n, stats: { ...w.cost } };
      }
      if (w.latency.n === 0) return noData("no request reported a latency");
      if (metric.kind === "quantile") {
        if (!w.latency.sketch) return noData("no latency sketch");
        return {
          status: "ok",
          value: sketchQuantile(w.latency.sketch, metric.quantile ?? 0.5) ?? null,
          n: w.latency.n,
          stats: w.latency.sketch,
        };
      }
      return {
        status: "ok",
        value: w.latency.sum / w.latency.n,
        n: w.latency.n,
        stats: {
          n: w.latency.n,
          sum: w.latency.sum,
          sumSquares: w.latency.sumSquares,
          ...(w.latency.m2 !== undefined ? { m2: w.latency.m2 } : {}),
        },
      };
    }
    case "event": {
      const e = w.events[s.event];
      if (!e || e.n === 0) return noData(`no "${s.event}" events in the window`);
      if (metric.kind === "quantile") {
        if (!e.sketch) return noData(`"${s.event}" events carry no value`);
        return { status: "ok", value: sketchQuantile(e.sketch, metric.quantile ?? 0.5) ?? null, n: e.n, stats: e.sketch };
      }
      return {
        status: "ok",
        value: e.sum / e.n,
        n: e.n,
        stats: { n: e.n, sum: e.sum, sumSquares: e.sumSquares, ...(e.m2 !== undefined ? { m2: e.m2 } : {}) },
      };
    }
    case "prediction": {
      const c = w.confusion;
      const total = c.tp + c.fp + c.tn + c.fn;
      if (total === 0)
        return noData(w.unlabelled > 0 ? `${w.unlabelled} predictions, none labelled yet` : "no labelled predictions in the window");
      const rate = classifierMetric(c, metric.classifierMetric ?? "f1", 0.05);
      return { status: "ok", value: rate.status === "ok" ? rate.value : null, n: total, stats: { ...c } };
    }
    case "feature": {
      const f = w.features[s.feature];
      if (!f || f.n === 0 || !f.sketch) return noData(`no values of feature "${s.feature}" in the window`);
      return { status: "ok", value: null, n: f.n, stats: { counts: histogramFromSketch(f.sketch, s.bins) } };
    }
    case "ratio":
      return noData("ratio metrics are computed over units");
    case "prometheus":
      return noData("read from Prometheus, not from stored telemetry");
  }
}
