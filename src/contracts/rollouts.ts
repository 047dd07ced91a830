import { z } from "zod";
import { ROLLOUT_STATUSES, type Rollout } from "../core/rollout/types.js";
import { NextCursor, Reason } from "./common.js";

export const StartRolloutBody = z.strictObject({
  challengers: z
    .array(z.number().int().positive({ message: "must be a version number" }))
    .min(1, { message: "name at least one challenger version" })
    .max(8),
});
export const RolloutParams = z.object({ id: z.string().min(1).max(100) });
export const ApproveBody = z.strictObject({
  role: z.string().min(1).max(100).default("approver"),
  comment: z.string().max(2000).default(""),
});
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

export const RolloutStatusSchema = z.enum(ROLLOUT_STATUSES);
const PlanStepSchema = z.object({
  shadow: z.boolean(),
  weight: z.number(),
  sample: z.number(),
  durationMs: z.number(),
  minSamples: z.number(),
  approval: z.boolean(),
});
export const RolloutSchema = z.object({
  id: z.string(),
  program: z.string(),
  champion: z.number(),
  challengers: z.array(
    z.object({
      version: z.number(),
      alias: z.string(),
      slot: z.number(),
      status: z.enum(["active", "rolled_back", "eliminated", "promoted", "kept"]),
      reason: z.string().nullable(),
    }),
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
  /** Every condition's verdict per version ("v48"): the fields read here, and the estimate, interval and p-value. */
  conditions: z.record(
    z.string(),
    z.array(z.looseObject({ id: z.string(), label: z.string(), verdict: z.string(), reason: z.string(), segment: z.string().optional() })),
  ),
  inputs: z.record(z.string(), z.unknown()),
});
export type DecisionView = z.infer<typeof DecisionSchema>;
export const DecisionList = z.object({ decisions: z.array(DecisionSchema), next: z.number().nullable() });
/** What starting or steering a rollout answers: the rollout now, and the decision recorded (null: nothing changed). */
export const RolloutApplied = z.object({ rollout: RolloutSchema, decision: DecisionSchema.nullable() });
export const RolloutList = z.object({ rollouts: z.array(RolloutSchema), next: NextCursor });

/** A program's latest rollout in one object, as `GET /v1/status` and the dashboard overview show it (src/server/rollouts/rollout-summary.ts). */
export const RolloutSummarySchema = z.object({
  id: z.string(),
  status: RolloutStatusSchema,
  step: z.number(),
  steps: z.number(),
  stepLabel: z.string(),
  stepStartedAt: z.string(),
  stepDurationMs: z.number(),
  challengers: z.array(z.object({ version: z.number(), alias: z.string(), status: z.string() })),
  hold: z.string().nullable(),
  paused: z.boolean(),
  /** During burn-in: when the watch ends (the step fields then describe the burn-in, not the last canary step). */
  burnInUntil: z.string().nullable(),
  /** Challengers still in the race. */
  active: z.number(),
  champion: z.number(),
  /** Approval roles still missing (awaiting_approval only). */
  awaiting: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

const ProgramStatus = z.object({
  program: z.string(),
  champion: z.number().nullable(),
  frozen: z.boolean(),
  rollout: RolloutSummarySchema.nullable(),
  lastDecision: z.object({ at: z.string(), action: z.string(), summary: z.string() }).nullable(),
});
/** GET /v1/status: every program, its champion, its running rollout and latest decision. */
export const StatusReport = z.object({ globalFreeze: z.boolean(), programs: z.array(ProgramStatus) });
export type DecisionList = z.infer<typeof DecisionList>;
export type RolloutApplied = z.infer<typeof RolloutApplied>;
export type RolloutList = z.infer<typeof RolloutList>;
export type StatusReport = z.infer<typeof StatusReport>;

/** A freeze in force: program null is the global one. */
export const FreezeSchema = z.object({ program: z.string().nullable(), by: z.string(), reason: z.string(), at: z.string() });
export const FreezeList = z.object({ freezes: z.array(FreezeSchema) });
export type Freeze = z.infer<typeof FreezeSchema>;
export const NotificationQuery = z.object({ program: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
/** A webhook delivery. */
export const NotificationSchema = z.object({
  id: z.number(),
  program: z.string(),
  rolloutId: z.string().nullable(),
  event: z.string(),
  severity: z.enum(["page", "ticket", "info"]),
  url: z.string(),
  secretEnv: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export const NotificationList = z.object({ notifications: z.array(NotificationSchema) });
