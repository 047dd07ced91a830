import { z } from "zod";

/** One exposure event; validated one by one so a bad event names its index and field. */
export const ExposureEvent = z.strictObject({
  program: z.string().min(1).max(100),
  unitId: z.string().min(1).max(500),
  alias: z.string().min(1).max(100),
  version: z.number().int().positive().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type ExposureEvent = z.infer<typeof ExposureEvent>;

export const ExposureBatch = z.strictObject({
  batchId: z.string().min(8).max(200),
  sdk: z.string().max(100).default("unknown"),
  dropped: z.number().int().min(0).default(0),
  exposures: z.array(z.unknown()).max(100_000),
});

export const ExposureBatchResult = z.object({
  batchId: z.string(),
  duplicate: z.boolean(),
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), path: z.string(), message: z.string() })),
});

export const ExposureCountsQuery = z.object({
  window: z.string().regex(/^\d+[smhd]$/, { message: "must look like 15m, 1h or 7d" }).default("1h"),
});
export const ExposureCounts = z.object({
  program: z.string(),
  from: z.string(),
  to: z.string(),
  variants: z.array(z.object({ alias: z.string(), version: z.number().nullable(), exposures: z.number() })),
  droppedBySdks: z.number(),
});
