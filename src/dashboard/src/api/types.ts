/**
 * Shapes of the API answers the dashboard reads, each inferred from its zod
 * contract (src/contracts/, one schema source) or taken from the core type the
 * contract is checked against; `import type` only, so no zod reaches the browser bundle.
 */
import type { z } from "zod";
import type { AliasMoveSchema, AliasStateSchema } from "../../../contracts/aliases.js";
import type { AuditEntrySchema, AuditVerification } from "../../../contracts/audit.js";
import type { CandidateSchema } from "../../../contracts/candidates.js";
import type { ChangeRequestSchema } from "../../../contracts/changes.js";
import type { DashboardEvent, DashboardOverview, OverviewProgram } from "../../../contracts/dashboard.js";
import type { RolloutAnalysis } from "../../../contracts/dashboard-analysis.js";
import type { PolicyDocument, PolicyInForce } from "../../../contracts/policy.js";
import type { ProgramDetail } from "../../../contracts/programs.js";
import type { DecisionSchema, Freeze } from "../../../contracts/rollouts.js";
import type { SeriesSchema } from "../../../contracts/telemetry.js";
import type { WhoAmI as WhoAmISchema } from "../../../contracts/tokens.js";
import type { ConditionResult } from "../../../core/policy/types.js";
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

/** GET /v1/dashboard/overview (src/contracts/dashboard.ts). */
export type Overview = DashboardOverview;
export type { OverviewProgram };
/** GET /v1/rollouts/:id/analysis (src/contracts/dashboard-analysis.ts). */
export type Analysis = RolloutAnalysis;
/** The observation as JSON: `now` is a string and results are full condition results. */
export type LiveObservation = NonNullable<Analysis["observation"]>;
/** One parsed server-sent event of GET /v1/events. */
export type LiveEvent = DashboardEvent;
