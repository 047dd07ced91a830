/**
 * GET /v1/rollouts/:id/analysis: the controller's own evaluation of a rollout as JSON (the rollout
 * page reads it; src/server/dashboard/analysis-routes.ts answers it). Every shape here restates a
 * core type field for field, and the checks at the end fail `npm run typecheck` when the two part.
 */
import { z } from "zod";
import type { ConditionResult } from "../core/policy/types.js";
import type { BurnRow, Health, SrmArm } from "../core/rollout/evaluate.js";
import type { Observation } from "../core/rollout/observation.js";

const Verdict = z.enum(["pass", "fail", "no_data", "inconclusive"]);

/** One condition's verdict for one challenger (and segment), with its estimate, interval and p-values when it has them. */
export const ConditionResultSchema = z.object({
  id: z.string(),
  gate: z.enum(["registry", "preproduction", "live", "burn_in"]),
  label: z.string(),
  metric: z.string().optional(),
  check: z.string().optional(),
  segment: z.string().optional(),
  required: z.boolean(),
  kind: z.enum(["guardrail", "success"]).optional(),
  verdict: Verdict,
  value: z.number().optional(),
  championValue: z.number().optional(),
  estimate: z.number().optional(),
  scale: z.enum(["absolute", "relative", "psi"]).optional(),
  ci: z.tuple([z.number(), z.number()]).optional(),
  sequential: z.boolean().optional(),
  alpha: z.number().optional(),
  pValue: z.number().optional(),
  adjustedPValue: z.number().optional(),
  threshold: z.number().optional(),
  bounds: z
    .object({ min: z.number().optional(), max: z.number().optional(), gt: z.number().optional(), lt: z.number().optional() })
    .optional(),
  n: z.number().optional(),
  championN: z.number().optional(),
  unit: z.string().optional(),
  reason: z.string(),
});

const GateJudgement = z.object({ outcome: z.enum(["pass", "fail", "hold"]), results: z.array(ConditionResultSchema), summary: z.string() });
const BurnObservation = z.object({ severity: z.enum(["page", "ticket", "none", "no_data"]), summary: z.string() });

/** What the controller saw, already judged: `now` as an ISO time, results as full condition results. */
export const ObservationSchema = z.object({
  now: z.string(),
  championSamples: z.number(),
  championNow: z.number().nullable(),
  srm: z.object({ valid: z.boolean(), checked: z.boolean(), summary: z.string() }),
  challengers: z.array(
    z.object({
      version: z.number(),
      samples: z.number(),
      live: GateJudgement,
      burn: BurnObservation,
      primaryImprovement: z.number().nullable(),
      probabilityBest: z.number().nullable(),
    }),
  ),
  freeze: z.object({ frozen: z.boolean(), summary: z.string() }),
  promotionWindow: z.object({ open: z.boolean(), summary: z.string() }),
  burnIn: GateJudgement.nullable(),
  burnInBurn: BurnObservation.nullable(),
});

export const HealthSchema = z.enum(["passing", "holding", "failing", "no_data", "idle"]);
export const SrmArmSchema = z.object({ version: z.number(), alias: z.string(), expectedShare: z.number(), exposures: z.number() });
/** One SLO burn-rate rule for one version, as the controller judged it. */
export const BurnRowSchema = z.object({
  slo: z.string(),
  objective: z.number(),
  version: z.number(),
  severity: z.enum(["page", "ticket"]),
  limit: z.number(),
  long: z.string(),
  short: z.string(),
  /** null: no traffic in that window (never "not burning"). */
  longBurnRate: z.number().nullable(),
  shortBurnRate: z.number().nullable(),
  fired: z.boolean(),
  verdict: z.enum(["fired", "not_firing", "no_data"]),
  reason: z.string(),
});

export const RolloutAnalysis = z.object({
  rolloutId: z.string(),
  at: z.string(),
  /** false once the rollout ended: the observation, arms and burn rows are then the evidence it ended on (at `evidenceAt`). */
  live: z.boolean(),
  /** When the evaluation was made: now, or the rollout's end (null: no policy in force, nothing evaluated). */
  evidenceAt: z.string().nullable(),
  health: HealthSchema,
  healthReason: z.string(),
  observation: ObservationSchema.nullable(),
  srmArms: z.array(SrmArmSchema),
  burn: z.array(BurnRowSchema),
});
export type RolloutAnalysis = z.infer<typeof RolloutAnalysis>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type ObservationJson = Omit<Observation, "now"> & { now: string };
type Result = z.infer<typeof ConditionResultSchema>;
/** The schemas above and the core types they restate: a field on one side only fails the type check. */
const coreTypesMatch: [
  Same<Result, ConditionResult>,
  SameKeys<Required<Result>, Required<ConditionResult>>,
  SameKeys<Required<NonNullable<Result["bounds"]>>, Required<NonNullable<ConditionResult["bounds"]>>>,
  Same<z.infer<typeof HealthSchema>, Health>,
  Same<z.infer<typeof SrmArmSchema>, SrmArm>,
  Same<z.infer<typeof BurnRowSchema>, BurnRow>,
  [z.infer<typeof ObservationSchema>] extends [ObservationJson] ? true : false,
  SameKeys<z.infer<typeof ObservationSchema>, ObservationJson>,
  SameKeys<z.infer<typeof ObservationSchema>["challengers"][number], Observation["challengers"][number]>,
] = [true, true, true, true, true, true, true, true, true];
void coreTypesMatch;
