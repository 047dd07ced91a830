import { z } from "zod";
import { sourceIssues, type StatsSourceType } from "../core/stats/metric-definition.js";
import { METRIC_KINDS, type TelemetryMetric } from "../core/telemetry/metric.js";
import { Name } from "./common.js";

/**
 * Where a metric's numbers come from.
 * - request: request outcomes the SDK or a service reports (success, latency, cost).
 * - event: named business events (purchase, click) with an optional value.
 * - ratio: Σ numerator / Σ denominator over units (cost per request, revenue per unit).
 * - prediction: model predictions joined with labels that may arrive much later.
 * - feature: feature values, binned for drift.
 * - prometheus: a PromQL query templated per variant ($program, $version, $alias, $window).
 */
const Quantity = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("requests") }),
  z.strictObject({ type: z.literal("errors") }),
  z.strictObject({ type: z.literal("cost") }),
  z.strictObject({ type: z.literal("event"), event: Name, field: z.enum(["count", "value"]).default("value") }),
]);
export type Quantity = z.infer<typeof Quantity>;

export const MetricSource = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("request"), field: z.enum(["error", "success", "latency", "cost"]) }),
  z.strictObject({ type: z.literal("event"), event: Name, field: z.enum(["count", "value"]).default("value") }),
  z.strictObject({ type: z.literal("ratio"), numerator: Quantity, denominator: Quantity }),
  z.strictObject({ type: z.literal("prediction") }),
  z.strictObject({ type: z.literal("feature"), feature: z.string().min(1).max(100), bins: z.array(z.number()).min(1).max(100) }),
  z.strictObject({ type: z.literal("prometheus"), query: z.string().min(1).max(4000) }),
]);
export type MetricSource = z.infer<typeof MetricSource>;
/** The compared kinds' source rules name real source types (a renamed type fails the type check). */
const sourceTypesExist: [StatsSourceType] extends [MetricSource["type"]] ? true : false = true;
void sourceTypesExist;

export const MetricKindSchema = z.enum(METRIC_KINDS);

export const MetricDefinitionBody = z
  .strictObject({
    kind: MetricKindSchema,
    direction: z.enum(["higher", "lower"]),
    unit: z.string().max(20).default(""),
    description: z.string().max(2000).default(""),
    /** request: each request/event is an observation; unit: each unit (user) is one observation. */
    aggregation: z.enum(["request", "unit"]).default("request"),
    source: MetricSource,
    quantile: z.number().gt(0).lt(1).optional(),
    classifierMetric: z.enum(["precision", "recall", "f1", "fpr", "accuracy"]).optional(),
  })
  .superRefine((m, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const s = m.source;
    // Each compared kind's own source rules (core/stats/metric-definition.ts); gauges are read from Prometheus only.
    for (const issue of sourceIssues(m.kind, m)) bad(issue.path, issue.message);
    if (m.kind === "gauge" && s.type !== "prometheus") bad("source", "gauge metrics come from Prometheus");
    if (s.type === "prometheus" && m.kind !== "gauge") bad("kind", "a Prometheus query yields one number per variant: use kind: gauge");
    if (s.type === "feature" && s.bins.some((b, i) => i > 0 && b <= s.bins[i - 1]!)) bad("source.bins", "bin edges must increase strictly");
  });
export type MetricDefinitionBody = z.infer<typeof MetricDefinitionBody>;

/** A defined metric, as the API answers it. */
export const MetricSchema = z.object({
  name: z.string(),
  kind: MetricKindSchema,
  direction: z.enum(["higher", "lower"]),
  unit: z.string(),
  description: z.string(),
  aggregation: z.enum(["request", "unit"]),
  source: MetricSource,
  quantile: z.number().optional(),
  classifierMetric: z.enum(["precision", "recall", "f1", "fpr", "accuracy"]).optional(),
}) satisfies z.ZodType<TelemetryMetric>;
export type MetricView = z.infer<typeof MetricSchema>;

export const SegmentDimension = z.strictObject({
  name: Name,
  /** Values kept as their own segment; anything else is counted under "other". */
  values: z.array(z.string().min(1).max(100)).min(1).max(50),
});
export const SegmentsBody = z.strictObject({ dimensions: z.array(SegmentDimension).max(5) });
export type SegmentsBody = z.infer<typeof SegmentsBody>;
export const MetricList = z.object({ metrics: z.array(MetricSchema) });
export type MetricList = z.infer<typeof MetricList>;
