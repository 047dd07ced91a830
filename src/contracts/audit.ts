import { z } from "zod";

export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  actorId: z.string().optional(),
  action: z.string(),
  program: z.string().nullable(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
  keyId: z.string().optional(),
  sig: z.string().optional(),
});
export const AuditQuery = z.object({
  program: z.string().optional(),
  action: z.string().optional(),
  actor: z.string().optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const AuditList = z.object({ entries: z.array(AuditEntrySchema), next: z.number().nullable() });
export const AuditVerifyQuery = z.object({
  /** Also replay aliases, tokens, principals and policies from the log and compare them with the tables. */
  state: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
  /** A head the caller saw before (the CLI keeps the last one it verified): the log must still contain it. */
  knownSeq: z.coerce.number().int().min(1).optional(),
  knownHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: "must be a 64-character hex hash" })
    .optional(),
});
export const AuditFinding = z.object({ seq: z.number(), problem: z.string() });
export const AuditVerification = z.object({
  valid: z.boolean(),
  entries: z.number(),
  firstInvalidSeq: z.number().nullable(),
  problem: z.string().nullable(),
  headHash: z.string().nullable(),
  headSeq: z.number(),
  signedAfter: z.number().nullable(),
  latestCheckpoint: z.object({ seq: z.number(), at: z.string() }).nullable(),
  stateChecked: z.boolean(),
  findings: z.array(AuditFinding),
  keyId: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditList = z.infer<typeof AuditList>;
