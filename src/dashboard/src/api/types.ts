/**
 * Shapes of the API answers the dashboard reads. Where a zod contract exists,
 * the type is inferred from it (one schema source); `import type` only, so no
 * zod reaches the browser bundle.
 */
import type { z } from "zod";
import type { AliasMoveSchema, AliasStateSchema } from "../../../contracts/aliases.js";
import type { AuditEntrySchema, AuditVerification } from "../../../contracts/audit.js";
import type { CandidateSchema } from "../../../contracts/candidates.js";
import type { ChangeRequestSchema } from "../../../contracts/changes.js";
import type { PolicyDocument, PolicyInForce } from "../../../contracts/policy.js";
import type { ProgramDetail } from "../../../contracts/programs.js";
import type { DecisionSchema, Freeze } from "../../../contracts/rollouts.js";
import type { SeriesSchema } from "../../../contracts/telemetry.js";
import type { WhoAmI as WhoAmISchema } from "../../../contracts/tokens.js";
import type { ConditionResult } from "../../../core/policy/types.js";
import type { Observation } from "../../../core/rollout/observation.js";
import type { BurnRow, Health, SrmArm } from "../../../core/rollout/evaluate.js";
import type { Rollout } from "../../../core/rollout/types.js";

export type { ConditionResult, Rollout };
export type WhoAmI = z.infer<typeof WhoAmISchema>;
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;
export type Program = z.infer<typeof ProgramDetail>;
export type AliasState = z.infer<typeof AliasStateSchema>;
export type AliasMove = z.infer<typeof AliasMoveSchema>;
export type Candidate = z.infer<typeof CandidateSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Verification = z.infer<typeof AuditVerification>;
export type Decision = Omit<z.infer<typeof DecisionSchema>, "conditions"> & { conditions: Record<string, ConditionResult[]> };
export type SeriesPoint = z.infer<typeof SeriesSchema>["points"][number];
export type Policy = PolicyDocument;
export type StoredPolicy = PolicyInForce;
export type { Freeze };

export type { BurnRow, Health, SrmArm };

/** GET /v1/dashboard/overview (src/server/dashboard/overview-routes.ts). */
export interface OverviewProgram {
  name: string;
  description: string;
  owners: string[];
  aliases: Array<{ alias: string; version: number; movedAt: string; movedBy: string }>;
  traffic: { arms: Array<{ alias: string; weight: number }>; shadow: Array<{ alias: string; sample: number }> };
  frozen: boolean;
  freeze: { by: string; reason: string; at: string } | null;
  rollout: {
    id: string;
    status: Rollout["status"];
    step: number;
    steps: number;
    stepLabel: string;
    champion: number;
    challengers: Array<{ version: number; alias: string; status: string }>;
    paused: boolean;
    hold: string | null;
    awaiting: string[];
    startedAt: string;
    endedAt: string | null;
  } | null;
  health: Health;
  healthReason: string;
}
export interface Overview {
  generatedAt: string;
  globalFreeze: { by: string; reason: string; at: string } | null;
  programs: OverviewProgram[];
}

/** Observation as JSON: `now` is a string and results are full condition results. */
export type LiveObservation = Omit<Observation, "now" | "challengers" | "burnIn"> & {
  now: string;
  challengers: Array<
    Omit<Observation["challengers"][number], "live"> & { live: { outcome: string; summary: string; results: ConditionResult[] } }
  >;
  burnIn: { outcome: string; summary: string; results: ConditionResult[] } | null;
};
/** GET /v1/rollouts/:id/analysis (src/server/dashboard/analysis-routes.ts). */
export interface Analysis {
  rolloutId: string;
  at: string;
  live: boolean;
  /** When the evaluation shown was made: now, or when a finished rollout ended (absent from servers before it). */
  evidenceAt?: string | null;
  health: Health;
  healthReason: string;
  observation: LiveObservation | null;
  srmArms: SrmArm[];
  burn: BurnRow[];
}

/** One parsed server-sent event of GET /v1/events. */
export type LiveEvent =
  | { type: "hello"; at: string }
  | { type: "tick"; at: string }
  | { type: "change"; programs: string[] | null; rollouts: string[]; source: string };
