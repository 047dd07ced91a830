import { z } from "zod";
import { ROLLOUT_STATUSES, type Rollout } from "../core/rollout/types.js";
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
export const FreezeBody = z.strictObject({ program: z.string().min(1).max(100).nullable().default(null), reason: Reason });
export const UnfreezeQuery = z.object({ program: z.string().min(1).max(100).optional() });

export const RolloutStatusSchema = z.enum(ROLLOUT_STATUSES);
const PlanStepSchema = z.object({ shadow: z.boolean(), weight: z.number(), sample: z.number(), durationMs: z.number(), minSamples: z.number(), approval: z.boolean() });
export const RolloutSchema = z.object({
  id: z.string(),
  program: z.string(),
  champion: z.number(),
  challengers: z.array(
    z.object({ version: z.number(), alias: z.string(), slot: z.number(), status: z.enum(["active", "rolled_back", "eliminated", "promoted", "kept"]), reason: z.string().nullable() }),
  ),
  status: RolloutStatusSchema,
  stepIndex: z.number(),
  stepStartedAt: z.string(),
  startedAt: z.string(),
  requestedBy: z.string(),
  plan: z.object({
    mode: z.enum(["canary", "split", "bandit"]),
    steps: z.array(PlanStepSchema),
    primary: z.string().nullable(),
    tieBreak: z.array(z.enum(["primary", "lowest_version", "highest_version"])),
    evaluateEveryMs: z.number(),
    reweightEveryMs: z.number(),
    floor: z.number(),
    minSamplesPerArm: z.number(),
    approvalRoles: z.array(z.object({ name: z.string(), members: z.array(z.string()) })),
    burnInMs: z.number().nullable(),
    maxDurationMs: z.number().nullable().optional(),
    notPromotedAlias: z.enum(["keep", "clear"]).optional(),
  }),
  policyRevision: z.number(),
  paused: z.boolean(),
  approvals: z.array(z.object({ role: z.string(), by: z.string(), at: z.string(), comment: z.string() })),
  hold: z.string().nullable(),
  holdKind: z.string().nullable().optional(),
  promoted: z.number().nullable(),
  burnInUntil: z.string().nullable(),
  banditWeights: z.record(z.string(), z.number()).nullable(),
  lastReweightAt: z.string().nullable(),
  splitChangedAt: z.string().nullable().optional(),
  promotionRequestedAt: z.string().nullable().optional(),
  nextCheckAt: z.string(),
  endedAt: z.string().nullable(),
  revision: z.number(),
}) satisfies z.ZodType<Rollout>;
export type RolloutView = z.infer<typeof RolloutSchema>;
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
