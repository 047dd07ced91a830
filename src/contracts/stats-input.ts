/**
 * Input of an offline comparison (`arena compare --input stats.json`) and of
 * the decision engine: metric definitions plus per-variant sufficient
 * statistics. Format documented in docs/statistics.md; example in
 * examples/compare-stats.json.
 */
import { z } from "zod";
import type { AnalysisInput, MetricKind } from "../core/stats/index.js";
import { STATS_METRIC_KINDS } from "../core/stats/metric-definition.js";

const finite = z.number().refine(Number.isFinite, { message: "must be a finite number" });
const count = z.number().int({ message: "must be a whole number" }).min(0, { message: "must be ≥ 0" });
const probability = (what: string) =>
  z
    .number()
    .gt(0, { message: `${what} must be in (0, 1)` })
    .lt(1, { message: `${what} must be in (0, 1)` });

export const ProportionStatsSchema = z.strictObject({ n: count, successes: count }).refine((s) => s.successes <= s.n, {
  message: "successes must not exceed n",
  path: ["successes"],
});
export const MeanStatsSchema = z.strictObject({ n: count, sum: finite, sumSquares: finite.min(0, { message: "must be ≥ 0" }) });
export const RatioStatsSchema = z.strictObject({
  n: count,
  numeratorSum: finite,
  numeratorSumSquares: finite.min(0),
  denominatorSum: finite,
  denominatorSumSquares: finite.min(0),
  crossSum: finite,
});
const SketchBinsSchema = z.strictObject({ offset: z.number().int(), counts: z.array(count) });
export const QuantileSketchSchema = z.strictObject({
  relativeAccuracy: probability("relativeAccuracy"),
  zeroCount: count,
  positive: SketchBinsSchema,
  negative: SketchBinsSchema.optional(),
});
export const ConfusionCountsSchema = z.strictObject({ tp: count, fp: count, tn: count, fn: count });
export const HistogramSchema = z.strictObject({ counts: z.array(count).min(2, { message: "needs at least two bins" }) });

/** The statistics schema each metric kind expects. */
export const STATS_SCHEMA_BY_KIND: Record<MetricKind, z.ZodType> = {
  proportion: ProportionStatsSchema,
  mean: MeanStatsSchema,
  ratio: RatioStatsSchema,
  quantile: QuantileSketchSchema,
  classifier: ConfusionCountsSchema,
  drift: HistogramSchema,
};

export const MetricTestSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("superiority"), minEffect: z.number().min(0).optional() }),
  z.strictObject({ type: z.literal("non_inferiority"), margin: z.number().min(0) }),
]);

export const MetricDefinitionSchema = z
  .strictObject({
    id: z.string().min(1),
    kind: z.enum(STATS_METRIC_KINDS),
    direction: z.enum(["higher", "lower"]),
    difference: z.enum(["absolute", "relative"]).optional(),
    test: MetricTestSchema.optional(),
    alpha: probability("alpha").optional(),
    sequential: z
      .union([z.boolean(), z.strictObject({ tuning: z.number().positive(), boundary: z.enum(["mixture", "design"]).optional() })])
      .optional(),
    quantile: probability("quantile").optional(),
    classifierMetric: z.enum(["precision", "recall", "f1", "fpr", "accuracy"]).optional(),
    maxPsi: z.number().positive().optional(),
    reference: z.array(count).min(2).optional(),
    minSamples: count.optional(),
  })
  .refine((m) => m.kind !== "quantile" || m.quantile !== undefined, {
    message: "a quantile metric needs `quantile`, e.g. 0.95",
    path: ["quantile"],
  });

export const VariantInputSchema = z.strictObject({
  id: z.string().min(1),
  weight: z.number().min(0).optional(),
  exposures: count.optional(),
  metrics: z.record(z.string(), z.unknown()),
});

export const StatsInputSchema = z
  .strictObject({
    champion: z.string().min(1),
    alpha: probability("alpha").optional(),
    correction: z.enum(["holm", "benjamini-hochberg", "none"]).optional(),
    srm: z.strictObject({ threshold: probability("threshold").optional(), minCountPerVariant: count.optional() }).optional(),
    metrics: z.array(MetricDefinitionSchema).min(1, { message: "define at least one metric" }),
    variants: z.array(VariantInputSchema).min(2, { message: "needs the champion and at least one challenger" }),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    input.variants.forEach((v, i) => {
      if (ids.has(v.id)) ctx.addIssue({ code: "custom", message: `duplicate variant id "${v.id}"`, path: ["variants", i, "id"] });
      ids.add(v.id);
    });
    if (!ids.has(input.champion)) {
      ctx.addIssue({ code: "custom", message: `no variant has the champion id "${input.champion}"`, path: ["champion"] });
    }
    const kinds = new Map(input.metrics.map((m) => [m.id, m.kind]));
    input.variants.forEach((variant, i) => {
      for (const [metricId, stats] of Object.entries(variant.metrics)) {
        const kind = kinds.get(metricId);
        const path = ["variants", i, "metrics", metricId];
        if (!kind) {
          ctx.addIssue({ code: "custom", message: `no metric is defined with id "${metricId}"`, path });
          continue;
        }
        const parsed = STATS_SCHEMA_BY_KIND[kind].safeParse(stats);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            ctx.addIssue({ code: "custom", message: `${issue.message} (${kind} statistics)`, path: [...path, ...issue.path] });
          }
        }
      }
    });
  });

export type StatsInput = z.infer<typeof StatsInputSchema>;

/** Parsed input as the engine's type (statistics were validated per kind above). */
export function toAnalysisInput(input: StatsInput): AnalysisInput {
  return input as AnalysisInput;
}
