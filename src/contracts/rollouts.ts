import { z } from "zod";
import { Reason } from "./common.js";

export const StartRolloutBody = z.strictObject({
  challengers: z.array(z.number().int().positive({ message: "must be a version number" })).min(1, { message: "name at least one challenger version" }).max(8),
});
export const RolloutParams = z.object({ id: z.string().min(1).max(100) });
export const ApproveBody = z.strictObject({ role: z.string().min(1).max(100).default("approver"), comment: z.string().max(2000).default("") });
export const RolloutReasonBody = z.strictObject({ reason: Reason });
export const DecisionQuery = z.object({
  rollout: z.string().max(100).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
/** GET /v1/decisions: every program's decision records (optionally one program's), oldest first, paged by `after`. */
export const AllDecisionsQuery = DecisionQuery.extend({ program: z.string().min(1).max(100).optional() });
export const FreezeBody = z.strictObject({ program: z.string().min(1).max(100).nullable().default(null), reason: Reason });
export const UnfreezeQuery = z.object({ program: z.string().min(1).max(100).optional() });

export const RolloutSchema = z.record(z.string(), z.unknown());
export const DecisionSchema = z.object({
  id: z.number(),
  program: z.string(),
  rolloutId: z.string().nullable(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  summary: z.string(),
  severity: z.string(),
  conditions: z.record(z.string(), z.array(z.unknown())),
  inputs: z.record(z.string(), z.unknown()),
});
