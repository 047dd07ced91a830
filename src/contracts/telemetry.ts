import { z } from "zod";
import { DURATION_PATTERN, DURATION_RULE } from "../core/time/duration.js";
import { MetricSchema } from "./metrics.js";
import { BATCH_ID_LENGTH, MAX_BATCH_ITEMS } from "../core/wire/telemetry-rules.js";

export const TelemetryBatch = z.strictObject({
  batchId: z
    .string()
    .min(BATCH_ID_LENGTH.min, { message: `must be at least ${BATCH_ID_LENGTH.min} characters (use a UUID), reused on retry` })
    .max(BATCH_ID_LENGTH.max),
  events: z.array(z.unknown()).max(MAX_BATCH_ITEMS, { message: `at most ${MAX_BATCH_ITEMS.toLocaleString("en-US")} events per batch` }),
});

export const IngestResultSchema = z.object({
  batchId: z.string(),
  duplicate: z.boolean(),
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), path: z.string(), message: z.string() })),
});

export const WindowQuery = z.object({
  window: z
    .string()
    .regex(DURATION_PATTERN, { message: `must be ${DURATION_RULE}` })
    .default("1h"),
  segment: z.string().max(200).default("all"),
});

const Reading = z.union([
  z.object({ status: z.literal("ok"), value: z.number().nullable(), n: z.number(), stats: z.unknown() }),
  z.object({ status: z.literal("no_data"), reason: z.string() }),
]);
export const MetricsReportSchema = z.object({
  program: z.string(),
  from: z.string(),
  to: z.string(),
  segment: z.string(),
  metrics: z.array(MetricSchema),
  variants: z.array(
    z.object({ version: z.number(), aliases: z.array(z.string()), exposures: z.number(), metrics: z.record(z.string(), Reading) }),
  ),
});
export const SeriesSchema = z.object({
  points: z.array(
    z.object({
      start: z.string(),
      width: z.number(),
      version: z.number(),
      exposures: z.number(),
      metrics: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type MetricsReport = z.infer<typeof MetricsReportSchema>;
export type Series = z.infer<typeof SeriesSchema>;

/** Sufficient statistics of values (count, sums; Σ(x − x̄)² when merged exactly) with their DDSketch. */
const finite = z.number().refine(Number.isFinite, { message: "must be a finite number" });
const count = z.number().int().min(0);
const Bins = z.object({ offset: z.number().int(), counts: z.array(count).max(4_096) });
const Sketch = z.object({ relativeAccuracy: z.number().gt(0).lt(1), zeroCount: count, positive: Bins, negative: Bins.optional() });
const Mean = z.object({ n: count, sum: finite, sumSquares: finite, m2: finite.optional() });
const Values = Mean.extend({ sketch: Sketch.nullable() });
const Named = z.record(z.string().max(200), Values).refine((r) => Object.keys(r).length <= 1_000, { message: "at most 1,000 names" });
/** One stored time bucket of a program's telemetry (what the controller decides from), as exported. */
export const StoredBucketSchema = z.object({
  program: z.string().min(1).max(200),
  version: z.number().int().min(1),
  segment: z.string().max(400),
  width: z.number().int().positive(),
  start: z.number().int(),
  window: z.object({
    exposures: count,
    requests: count,
    errors: count,
    latency: Values,
    cost: Mean,
    events: Named,
    confusion: z.object({ tp: count, fp: count, tn: count, fn: count }),
    unlabelled: count,
    features: Named,
  }),
});
export type StoredBucket = z.infer<typeof StoredBucketSchema>;

const isoTime = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), { message: "must be an ISO-8601 time" });
export const TelemetryExportQuery = z.object({
  since: isoTime,
  until: isoTime.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,16}$/, { message: "must be the nextCursor of the previous page" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
});
export const TelemetryExportPageSchema = z.object({
  program: z.string(),
  since: z.string(),
  until: z.string(),
  buckets: z.array(StoredBucketSchema),
  /** Pass as `cursor` for the next page; null when this page reaches `until`. */
  nextCursor: z.string().nullable(),
});
