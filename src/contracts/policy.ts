/**
 * A program's policy as code: what a user keeps in git and applies with
 * `arena apply -f policy.yaml`. One schema, shared by the CLI (validation with
 * line and column), the server (storage and the controller) and the dashboard.
 */
import { z } from "zod";
import { Name } from "./common.js";
import { MetricDefinitionBody, SegmentDimension } from "./metrics.js";
import type { PolicyCondition, PolicyGates, PolicyRolloutPlan, PolicyStep, RolloutPolicy } from "../core/policy/document.js";
import { DURATION_PATTERN, DURATION_RULE } from "../core/time/duration.js";

const Duration = z.string().regex(DURATION_PATTERN, { message: `must be ${DURATION_RULE}` });
const Share = z.union([z.number().min(0).max(1), z.string().regex(/^\d+(\.\d+)?%$/, { message: "must be a share such as 5% or 0.05" })]);

/** A number, or a percentage wherever a fraction is meant: "12%" is 0.12, "-0.5%" is -0.005. */
const percent = (v: unknown): unknown =>
  typeof v === "string" && /^[+-]?\d+(\.\d+)?%$/.test(v.trim()) ? Number((Number(v.trim().slice(0, -1)) / 100).toPrecision(12)) : v;
const Fraction = z.preprocess(percent, z.number());
const NonNegativeFraction = z.preprocess(percent, z.number().min(0));

/**
 * One condition of a gate. Exactly one kind of requirement:
 * - absolute bound on the candidate's value: `min`/`max` (inclusive) and/or `gt`/`lt` (strict);
 * - delta against the champion: `delta: {min|max, relative?}` (candidate − champion, or (c − ch)/|ch|);
 * - statistical (live gates): `test: superiority` with `minEffect`, or `test: non_inferiority` with `margin`;
 * - a named check that must have passed: `check`.
 */
export const Condition = z
  .strictObject({
    metric: z.string().min(1).max(100).optional(),
    check: z.string().min(1).max(100).optional(),
    min: Fraction.optional(),
    max: Fraction.optional(),
    gt: Fraction.optional(),
    lt: Fraction.optional(),
    delta: z
      .strictObject({ min: Fraction.optional(), max: Fraction.optional(), relative: z.boolean().default(false) })
      .refine((d) => d.min !== undefined || d.max !== undefined, { message: "give min or max" })
      .optional(),
    test: z.enum(["superiority", "non_inferiority"]).optional(),
    minEffect: NonNegativeFraction.optional(),
    margin: NonNegativeFraction.optional(),
    relative: z.boolean().optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    /** Guardrail: must also hold in every segment that has at least minSamples per arm. */
    everySegment: z.boolean().default(false),
    /** Informational conditions are reported but never block. */
    required: z.boolean().default(true),
    /**
     * Live and burn-in conditions: a guardrail that fails rolls the challenger back; a success criterion
     * that is not met (or not yet significant) keeps the challenger running and never promotes it.
     * Default: `test: superiority` is a success criterion, every other condition a guardrail.
     */
    kind: z.enum(["guardrail", "success"]).optional(),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((c.metric === undefined) === (c.check === undefined)) issue("metric", "give either metric or check");
    const kinds = [
      c.min !== undefined || c.max !== undefined || c.gt !== undefined || c.lt !== undefined,
      c.delta !== undefined,
      c.test !== undefined,
    ].filter(Boolean).length;
    if (c.metric !== undefined && kinds !== 1) issue("metric", "give exactly one of: min/max/gt/lt, delta, test");
    if (c.min !== undefined && c.gt !== undefined) issue("gt", "give min (inclusive) or gt (strict), not both");
    if (c.max !== undefined && c.lt !== undefined) issue("lt", "give max (inclusive) or lt (strict), not both");
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
  /**
   * Longest the rollout runs without promoting: when it elapses (counted from the start) with a success
   * criterion unmet, the rollout ends "not promoted, kept for learning". Without it, the rollout waits at
   * its last step until the criteria are met or someone ends it.
   */
  maxDuration: Duration.optional(),
  /** What a rollout that ends not promoted leaves behind: keep the challenger alias on the version (default) or clear it. */
  notPromoted: z.strictObject({ challengerAlias: z.enum(["keep", "clear"]).default("keep") }).default({ challengerAlias: "keep" }),
});

export const Slo = z.strictObject({
  name: z.string().min(1).max(100),
  /** Proportion metric counting bad events (e.g. an error-rate metric). */
  metric: z.string().min(1).max(100),
  objective: z.number().gt(0).lt(1),
  periodDays: z.number().positive().default(30),
  rules: z
    // A rule fires when the measured burn rate is ≥ burnRate over both windows (src/core/policy/burn-rule.ts).
    .array(z.strictObject({ long: Duration, short: Duration, burnRate: z.number().positive(), severity: z.enum(["page", "ticket"]) }))
    .min(1)
    .default([
      { long: "1h", short: "5m", burnRate: 14.4, severity: "page" },
      { long: "6h", short: "30m", burnRate: 6, severity: "page" },
    ]),
  /** Noise guard of every rule: least events per window before a rule may fire. */
  minEvents: z.number().int().min(1).max(1_000_000_000).default(100),
  /** Noise guard, per-window path: each window's errors significantly above the budget rate (1×) at this level, at one look. */
  alpha: z.number().gt(0).lt(0.5).default(0.001),
  /** Noise guard, anytime-valid path: likelihood ratio of the rule's N× vs 1× since the version's start ≥ 1/sequentialAlpha (ADR 023). */
  sequentialAlpha: z.number().gt(0).lt(0.5).default(0.01),
});

export const Approvals = z.strictObject({
  /** Named roles that must each sign off; members are principal names (unique, never reused). */
  roles: z.array(z.strictObject({ name: Name, members: z.array(z.string().min(1).max(100)).min(1) })).default([]),
});

export const PromotionWindow = z.strictObject({
  days: z
    .array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
    .min(1)
    .default(["mon", "tue", "wed", "thu", "fri"]),
  /** "09:00-17:00" in UTC. */
  hours: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: "must look like 09:00-17:00 (UTC)" }),
});

export const Webhook = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "must be an http or https URL" }).max(2000),
  /** Name of the environment variable holding the HMAC secret (never the secret itself in git). */
  secretEnv: z
    .string()
    .max(200)
    .regex(/^ARENA_WEBHOOK_[A-Z0-9_]+$/, { message: "must be an environment variable name starting with ARENA_WEBHOOK_" }),
  /** audit_checkpoint: the signed audit head, periodically, so the receiver is one more witness of the log (docs/security.md). */
  events: z
    .array(
      z.enum(["promotion", "rollback", "approval_needed", "gate_failed", "srm", "burn_rate", "hold", "alias_moved", "audit_checkpoint"]),
    )
    .min(1),
});

export const PolicyDocument = z.strictObject({
  program: Name,
  description: z.string().max(2000).default(""),
  owners: z.array(z.string().min(1).max(200)).max(50).default([]),
  segments: z.array(SegmentDimension).max(5).default([]),
  metrics: z.record(Name, MetricDefinitionBody).default({}),
  /** Offline metrics (registered with candidates) that need a display unit, without a live definition: `net_benefit: { unit: "$" }`. */
  offlineMetrics: z
    .record(Name, z.strictObject({ unit: z.string().min(1).max(20), description: z.string().max(500).default("") }))
    .default({}),
  gates: z
    .strictObject({
      registry: z.array(Condition).default([]),
      preproduction: z.array(Condition).default([]),
      live: z.array(Condition).default([]),
      /** Least units per arm (and per segment for everySegment guardrails) before any live verdict. */
      minSamples: z.number().int().min(0).default(100),
      /** Significance level of live tests unless a condition says otherwise. */
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      /**
       * N* of the always-valid live tests. Design boundary (the default): the information time 4 n_a n_b/(n_a + n_b)
       * at which the fixed design has 80 % power; default: the plan's information time when every step ends at its
       * per-arm minimum (docs/statistics.md). Mixture: the sample at which the sequence is tightest; default
       * 2 × Σ per-step minimum samples, at least 1,000.
       */
      sequentialTuning: z.number().int().min(100).max(1e9).optional(),
      /**
       * `design` (default): always-valid live tests tuned to the plan's design effect (two-point SPRT mixture with a
       * normal-mixture safety net, ADR 022). `mixture`: the normal mixture alone (GrowthBook's).
       */
      sequentialBoundary: z.enum(["mixture", "design"]).optional(),
      burnIn: z.strictObject({ duration: Duration, conditions: z.array(Condition).default([]) }).optional(),
      /**
       * Also judge guardrail bounds and deltas (and burn-in conditions) over this recent sliding window, not only
       * since the start: a regression late in a step or in burn-in then fails within the window's length.
       */
      recentWindow: Duration.optional(),
    })
    .default({ registry: [], preproduction: [], live: [], minSamples: 100, alpha: 0.05 }),
  rollout: RolloutPlan.default({
    mode: "canary",
    reweightEvery: "5m",
    floor: 0.05,
    minSamplesPerArm: 100,
    tieBreak: ["primary", "lowest_version"],
    evaluateEvery: "10s",
    notPromoted: { challengerAlias: "keep" },
  }),
  approvals: Approvals.default({ roles: [] }),
  slos: z.array(Slo).default([]),
  promotionWindows: z.array(PromotionWindow).default([]),
  notifications: z.strictObject({ webhooks: z.array(Webhook).default([]) }).default({ webhooks: [] }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
/** A program's policy in force: the document with its defaults applied, its revision, who applied it and when. */
export const PolicyInForce = z.object({
  program: z.string(),
  revision: z.number(),
  document: PolicyDocument,
  appliedAt: z.string(),
  appliedBy: z.string(),
});
export type PolicyInForce = z.infer<typeof PolicyInForce>;
/** What applying a policy answers: whether it changed, whether it created the program, and the policy now in force. */
export const PolicyApplied = z.object({ changed: z.boolean(), createdProgram: z.boolean(), policy: PolicyInForce });
export type PolicyApplied = z.infer<typeof PolicyApplied>;

/*
 * The core reads policies through plain types (src/core/policy/document.ts, ADR 019). These checks fail
 * the type check when the schema and those types drift: every validated document is a RolloutPolicy, and
 * a condition or gate field added on one side only is a compile error.
 */
type Assignable<A, B> = [A] extends [B] ? true : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
const coreTypesMatch: [
  Assignable<PolicyDocument, RolloutPolicy>,
  Assignable<Condition, PolicyCondition>,
  SameKeys<Condition, PolicyCondition>,
  SameKeys<PolicyDocument["gates"], PolicyGates>,
  SameKeys<PolicyDocument["rollout"], PolicyRolloutPlan>,
  SameKeys<z.infer<typeof Step>, PolicyStep>,
] = [true, true, true, true, true, true];
void coreTypesMatch;
