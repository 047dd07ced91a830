/**
 * A program's policy as code: what a user keeps in git and applies with
 * `arena apply -f policy.yaml`. One schema, shared by the CLI (validation with
 * line and column), the server (storage and the controller) and the dashboard.
 */
import { z } from "zod";
import { Name } from "./common.js";
import { MetricDefinitionBody, SegmentDimension } from "./metrics.js";

const Duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, { message: "must be a duration such as 30s, 15m, 1h or 7d" });
const Share = z.union([
  z.number().min(0).max(1),
  z.string().regex(/^\d+(\.\d+)?%$/, { message: "must be a share such as 5% or 0.05" }),
]);

/**
 * One condition of a gate. Exactly one kind of requirement:
 * - absolute bound on the candidate's value: `min` and/or `max`;
 * - delta against the champion: `delta: {min|max, relative?}` (candidate − champion, or (c − ch)/|ch|);
 * - statistical (live gates): `test: superiority` with `minEffect`, or `test: non_inferiority` with `margin`;
 * - a named check that must have passed: `check`.
 */
export const Condition = z
  .strictObject({
    metric: z.string().min(1).max(100).optional(),
    check: z.string().min(1).max(100).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    delta: z
      .strictObject({ min: z.number().optional(), max: z.number().optional(), relative: z.boolean().default(false) })
      .refine((d) => d.min !== undefined || d.max !== undefined, { message: "give min or max" })
      .optional(),
    test: z.enum(["superiority", "non_inferiority"]).optional(),
    minEffect: z.number().min(0).optional(),
    margin: z.number().min(0).optional(),
    relative: z.boolean().optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    /** Guardrail: must also hold in every segment that has at least minSamples per arm. */
    everySegment: z.boolean().default(false),
    /** Informational conditions are reported but never block. */
    required: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((c.metric === undefined) === (c.check === undefined)) issue("metric", "give either metric or check");
    const kinds = [c.min !== undefined || c.max !== undefined, c.delta !== undefined, c.test !== undefined].filter(Boolean).length;
    if (c.metric !== undefined && kinds !== 1) issue("metric", "give exactly one of: min/max, delta, test");
    if (c.test === "non_inferiority" && c.margin === undefined) issue("margin", "non_inferiority needs a margin");
    if (c.test !== "non_inferiority" && c.margin !== undefined) issue("margin", "margin belongs to test: non_inferiority");
    if (c.test !== "superiority" && c.minEffect !== undefined) issue("minEffect", "minEffect belongs to test: superiority");
  });
export type Condition = z.infer<typeof Condition>;

export const Step = z
  .strictObject({
    /** shadow: the challenger is invoked beside the champion, never served. */
    shadow: z.boolean().default(false),
    /** Share of units each challenger serves in this step (ignored for shadow steps). */
    weight: Share.optional(),
    /** Share of champion units for which the shadow call is due (shadow steps). */
    sample: Share.default(1),
    /** Least time in the step before moving on. */
    duration: Duration,
    /** Least units per arm before moving on. */
    minSamples: z.number().int().min(0).default(0),
    /** Wait for the approvals before leaving this step. */
    approval: z.boolean().default(false),
  })
  .refine((s) => s.shadow || s.weight !== undefined, { message: "a canary step needs a weight (or shadow: true)", path: ["weight"] });

export const RolloutPlan = z.strictObject({
  mode: z.enum(["canary", "split", "bandit"]).default("canary"),
  steps: z.array(Step).min(1).max(20).optional(),
  /** split / bandit: how long the comparison runs before it decides. */
  duration: Duration.optional(),
  /** split: each challenger's share; bandit: the share of the first reweighting. */
  weight: Share.optional(),
  /** bandit: reweighting cadence, floor per arm and minimum samples before reweighting. */
  reweightEvery: Duration.default("5m"),
  floor: Share.default(0.05),
  minSamplesPerArm: z.number().int().min(0).default(100),
  /** The metric that ranks challengers when several pass (and that a bandit optimises). */
  primary: z.string().min(1).max(100).optional(),
  /** Deterministic order when challengers tie: by primary estimate, then these. */
  tieBreak: z.array(z.enum(["primary", "lowest_version", "highest_version"])).default(["primary", "lowest_version"]),
  /** Seconds between looks; the controller may look sooner when a step ends. */
  evaluateEvery: Duration.default("10s"),
});

export const Slo = z.strictObject({
  name: z.string().min(1).max(100),
  /** Proportion metric counting bad events (e.g. an error-rate metric). */
  metric: z.string().min(1).max(100),
  objective: z.number().gt(0).lt(1),
  periodDays: z.number().positive().default(30),
  rules: z
    .array(z.strictObject({ long: Duration, short: Duration, burnRate: z.number().positive(), severity: z.enum(["page", "ticket"]) }))
    .min(1)
    .default([
      { long: "1h", short: "5m", burnRate: 14.4, severity: "page" },
      { long: "6h", short: "30m", burnRate: 6, severity: "page" },
    ]),
});

export const Approvals = z.strictObject({
  /** Named roles that must each sign off; members are token names. */
  roles: z.array(z.strictObject({ name: Name, members: z.array(z.string().min(1).max(100)).min(1) })).default([]),
});

export const PromotionWindow = z.strictObject({
  days: z.array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
  /** "09:00-17:00" in UTC. */
  hours: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: "must look like 09:00-17:00 (UTC)" }),
});

export const Webhook = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "must be an http or https URL" }).max(2000),
  /** Name of the environment variable holding the HMAC secret (never the secret itself in git). */
  secretEnv: z.string().max(200).regex(/^ARENA_WEBHOOK_[A-Z0-9_]+$/, { message: "must be an environment variable name starting with ARENA_WEBHOOK_" }),
  events: z.array(z.enum(["promotion", "rollback", "approval_needed", "gate_failed", "srm", "burn_rate", "hold"])).min(1),
});

export const PolicyDocument = z.strictObject({
  program: Name,
  description: z.string().max(2000).default(""),
  owners: z.array(z.string().min(1).max(200)).max(50).default([]),
  segments: z.array(SegmentDimension).max(5).default([]),
  metrics: z.record(Name, MetricDefinitionBody).default({}),
  gates: z
    .strictObject({
      registry: z.array(Condition).default([]),
      preproduction: z.array(Condition).default([]),
      live: z.array(Condition).default([]),
      /** Least units per arm (and per segment for everySegment guardrails) before any live verdict. */
      minSamples: z.number().int().min(0).default(100),
      /** Significance level of live tests unless a condition says otherwise. */
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      burnIn: z.strictObject({ duration: Duration, conditions: z.array(Condition).default([]) }).optional(),
    })
    .default({ registry: [], preproduction: [], live: [], minSamples: 100, alpha: 0.05 }),
  rollout: RolloutPlan.default({ mode: "canary", reweightEvery: "5m", floor: 0.05, minSamplesPerArm: 100, tieBreak: ["primary", "lowest_version"], evaluateEvery: "10s" }),
  approvals: Approvals.default({ roles: [] }),
  slos: z.array(Slo).default([]),
  promotionWindows: z.array(PromotionWindow).default([]),
  notifications: z.strictObject({ webhooks: z.array(Webhook).default([]) }).default({ webhooks: [] }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
