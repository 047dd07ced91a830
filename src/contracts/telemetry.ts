import { z } from "zod";
import { DURATION_PATTERN, DURATION_RULE } from "../core/time/duration.js";
import { MetricSchema } from "./metrics.js";
import { BATCH_ID_LENGTH, MAX_BATCH_ITEMS } from "../core/wire/telemetry-rules.js";

export const TelemetryBatch = z.strictObject({
  batchId: z.string().min(BATCH_ID_LENGTH.min, { message: `must be at least ${BATCH_ID_LENGTH.min} characters (use a UUID), reused on retry` }).max(BATCH_ID_LENGTH.max),
  events: z.array(z.unknown()).max(MAX_BATCH_ITEMS, { message: `at most ${MAX_BATCH_ITEMS.toLocaleString("en-US")} events per batch` }),
});

export const IngestResultSchema = z.object({
  batchId: z.string(),
  duplicate: z.boolean(),
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), path: z.string(), message: z.string() })),
});

export const WindowQuery = z.object({
  window: z.string().regex(DURATION_PATTERN, { message: `must be ${DURATION_RULE}` }).default("1h"),
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
  variants: z.array(z.object({ version: z.number(), aliases: z.array(z.string()), exposures: z.number(), metrics: z.record(z.string(), Reading) })),
});
export const SeriesSchema = z.object({
  points: z.array(z.object({ start: z.string(), width: z.number(), version: z.number(), exposures: z.number(), metrics: z.record(z.string(), z.number().nullable()) })),
});
export type MetricsReport = z.infer<typeof MetricsReportSchema>;
export type Series = z.infer<typeof SeriesSchema>;
