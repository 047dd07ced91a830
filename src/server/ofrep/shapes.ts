import { z } from "zod";

/** OFREP request and response shapes (open-feature/protocol service/openapi.yaml, v0.3). */
const Metadata = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const OfrepRequest = z.object({ context: z.record(z.string(), z.unknown()) });
export const OfrepKeyParams = z.object({ key: z.string() });

export const OfrepSuccess = z.object({
  key: z.string(),
  value: z.unknown().optional().describe("absent: use the code default (the version has no value under this view)"),
  reason: z.enum(["STATIC", "TARGETING_MATCH", "SPLIT", "DEFAULT", "UNKNOWN"]),
  variant: z.string().optional(),
  metadata: Metadata.optional(),
});
export const OfrepFailure = z.object({
  key: z.string(),
  errorCode: z.string(),
  errorDetails: z.string().optional(),
  metadata: Metadata.optional(),
});
export const OfrepBulkSuccess = z.object({ flags: z.array(z.union([OfrepSuccess, OfrepFailure])), metadata: Metadata.optional() });
export const OfrepBulkFailure = z.object({ errorCode: z.string(), errorDetails: z.string().optional() });

export type OfrepFlag = z.infer<typeof OfrepSuccess> | z.infer<typeof OfrepFailure>;
