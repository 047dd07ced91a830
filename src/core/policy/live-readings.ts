/** Reading the per-segment, per-version telemetry a live gate is given. */
import type { MetricStats } from "../stats/metric-definition.js";
import type { LiveGateInput, LiveMetric } from "./live-types.js";

export const ALL_SEGMENT = "all";

/** Display unit of a live metric: proportions as %, latency in ms, cost in $, else the metric's own unit. */
export function displayUnit(metric: LiveMetric): string {
  if (metric.kind === "proportion") return "%";
  if (metric.kind === "classifier" && metric.classifierMetric !== undefined && metric.classifierMetric !== "f1") return "%";
  if (metric.unit) return metric.unit;
  if (metric.source?.type === "request" && metric.source.field === "latency") return "ms";
  if (metric.source?.type === "request" && metric.source.field === "cost") return "$";
  return "";
}

export type Usable = { ok: true; value: number | null; n: number; stats: MetricStats | null } | { ok: false; reason: string };

/** A reading usable for a verdict: present, ok, and with at least minSamples observations. */
export function usableReading(input: LiveGateInput, segment: string, version: number, metric: string, minSamples: number): Usable {
  const reading = input.readings[segment]?.[version]?.[metric];
  const where = segment === ALL_SEGMENT ? `v${version}` : `v${version} in ${segment}`;
  if (!reading) return { ok: false, reason: `no reading of ${metric} for ${where}` };
  if (reading.status !== "ok") return { ok: false, reason: `${where}: ${reading.reason}` };
  if (reading.n < minSamples) return { ok: false, reason: `${where}: ${reading.n} of ${minSamples} samples` };
  return { ok: true, value: reading.value, n: reading.n, stats: reading.stats };
}

/** Segment keys other than "all", sorted, that appear in the readings. */
export function segmentKeysOf(input: LiveGateInput): string[] {
  return Object.keys(input.readings)
    .filter((k) => k !== ALL_SEGMENT)
    .sort();
}

export const SEGMENT_NOT_BLOCKING = "segments with fewer samples are reported but do not block";
