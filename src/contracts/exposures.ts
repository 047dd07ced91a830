import { z } from "zod";
import { DURATION_PATTERN, DURATION_RULE } from "../core/time/duration.js";
import { BATCH_ID_LENGTH, type ExposureWire, MAX_BATCH_ITEMS, MAX_ID_LENGTH, MAX_NAME_LENGTH } from "../core/wire/telemetry-rules.js";

/** One exposure event; validated one by one so a bad event names its index and field. */
export const ExposureEvent = z.strictObject({
  program: z.string().min(1).max(MAX_NAME_LENGTH),
  unitId: z.string().min(1).max(MAX_ID_LENGTH),
  alias: z.string().min(1).max(MAX_NAME_LENGTH),
  version: z.number().int().positive().nullable(),
  at: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<ExposureWire>;
export type ExposureEvent = z.infer<typeof ExposureEvent>;

export const ExposureBatch = z.strictObject({
  batchId: z.string().min(BATCH_ID_LENGTH.min).max(BATCH_ID_LENGTH.max),
  sdk: z.string().max(MAX_NAME_LENGTH).default("unknown"),
  dropped: z.number().int().min(0).default(0),
  exposures: z.array(z.unknown()).max(MAX_BATCH_ITEMS),
});

export const ExposureBatchResult = z.object({
  batchId: z.string(),
  duplicate: z.boolean(),
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), path: z.string(), message: z.string() })),
});

export const ExposureCountsQuery = z.object({
  window: z
    .string()
    .regex(DURATION_PATTERN, { message: `must be ${DURATION_RULE}` })
    .default("1h"),
});
export const ExposureCounts = z.object({
  program: z.string(),
  from: z.string(),
  to: z.string(),
  variants: z.array(z.object({ alias: z.string(), version: z.number().nullable(), exposures: z.number() })),
  droppedBySdks: z.number(),
});
