import { z } from "zod";

export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  program: z.string().nullable(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export const AuditQuery = z.object({
  program: z.string().optional(),
  action: z.string().optional(),
  actor: z.string().optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const AuditList = z.object({ entries: z.array(AuditEntrySchema), next: z.number().nullable() });
export const AuditVerification = z.object({
  valid: z.boolean(),
  entries: z.number(),
  firstInvalidSeq: z.number().nullable(),
  problem: z.string().nullable(),
  headHash: z.string().nullable(),
});
