/**
 * What the OpenAPI document says about each route beyond its schemas: a stable operationId (for
 * generated clients), the errors it can answer besides the ones every route of its kind can, and
 * a content type when it is not JSON. Keyed by "METHOD /url"; a test checks every route has an entry.
 */
import type { ErrorCode } from "../error-codes.js";

export interface RouteDoc {
  operationId: string;
  errors?: ErrorCode[];
  /** Content type of the success answer, when not application/json. */
  contentType?: string;
  /** On a protected program the change is not applied but recorded as a change request: 202 (issue 13). */
  pending?: boolean;
}

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  "GET /healthz": { operationId: "getHealth" },
  "GET /readyz": { operationId: "getReadiness", errors: ["not_ready"] },
  "GET /openapi.json": { operationId: "getOpenApiDocument" },
  "GET /metrics": { operationId: "getPrometheusMetrics", contentType: "text/plain; version=0.0.4" },
  "POST /v1/programs": { operationId: "createProgram", errors: ["already_exists", "idempotency_in_progress", "idempotency_key_reused"] },
  "GET /v1/programs": { operationId: "listPrograms" },
  "GET /v1/programs/:program": { operationId: "getProgram" },
  "POST /v1/programs/:program/candidates": {
    operationId: "registerCandidate",
    errors: ["registry_gate_failed", "external_ref_taken", "idempotency_in_progress", "idempotency_key_reused"],
  },
  "GET /v1/programs/:program/candidates": { operationId: "listCandidates" },
  "GET /v1/programs/:program/candidates/:version": { operationId: "getCandidate" },
  "POST /v1/programs/:program/candidates/:version/retire": { operationId: "retireCandidate", errors: ["version_in_use"] },
  "GET /v1/programs/:program/aliases": { operationId: "listAliases" },
  "GET /v1/programs/:program/aliases/:alias": { operationId: "getAlias" },
  "PUT /v1/programs/:program/aliases/:alias": {
    pending: true,
    operationId: "moveAlias",
    errors: ["alias_moved", "not_aliasable", "precondition_failed"],
  },
  "DELETE /v1/programs/:program/aliases/:alias": { pending: true, operationId: "deleteAlias" },
  "POST /v1/programs/:program/aliases/:alias/rollback": { operationId: "rollbackAlias", errors: ["no_rollback_target", "not_aliasable"] },
  "GET /v1/programs/:program/aliases/:alias/history": { operationId: "getAliasHistory" },
  "GET /v1/programs/:program/traffic": { operationId: "getTraffic" },
  "PUT /v1/programs/:program/traffic": { pending: true, operationId: "setTraffic", errors: ["alias_not_set", "precondition_failed"] },
  "GET /v1/sdk/snapshot": { operationId: "getSdkSnapshot" },
  "GET /v1/sdk/stream": { operationId: "streamSdkSnapshots", contentType: "text/event-stream", errors: ["too_many_streams"] },
  "POST /v1/exposures": { operationId: "ingestExposures", errors: ["overloaded"] },
  "GET /v1/programs/:program/exposures": { operationId: "getExposures" },
  "PUT /v1/programs/:program/metrics/:metric": { operationId: "defineMetric" },
  "DELETE /v1/programs/:program/metrics/:metric": { operationId: "deleteMetric" },
  "GET /v1/programs/:program/metrics": { operationId: "listMetrics" },
  "GET /v1/programs/:program/segments": { operationId: "getSegments" },
  "PUT /v1/programs/:program/segments": { operationId: "setSegments" },
  "GET /v1/programs/:program/telemetry": { operationId: "getTelemetryReport", errors: ["overloaded"] },
  "GET /v1/programs/:program/telemetry/series": { operationId: "getTelemetrySeries", errors: ["overloaded"] },
  "GET /v1/programs/:program/telemetry/export": { operationId: "exportTelemetryBuckets", errors: ["overloaded"] },
  "POST /v1/telemetry": { operationId: "ingestTelemetry", errors: ["overloaded"] },
  "GET /v1/audit": { operationId: "listAuditEntries" },
  "GET /v1/audit/verify": { operationId: "verifyAuditTrail" },
  "GET /v1/audit/export": { operationId: "exportAuditTrail", contentType: "application/x-ndjson" },
  "POST /v1/principals": { operationId: "createPrincipal", errors: ["principal_exists"] },
  "GET /v1/principals": { operationId: "listPrincipals" },
  "POST /v1/principals/:principal/disable": { operationId: "disablePrincipal", errors: ["last_admin", "already_disabled"] },
  "GET /v1/changes": { operationId: "listChangeRequests" },
  "GET /v1/changes/:id": { operationId: "getChangeRequest" },
  "POST /v1/changes/:id/approve": { operationId: "approveChangeRequest", errors: ["not_pending", "change_stale", "already_approved"] },
  "POST /v1/changes/:id/reject": { operationId: "rejectChangeRequest", errors: ["not_pending"] },
  "POST /v1/tokens": { operationId: "createToken", errors: ["principal_disabled", "role_not_held"] },
  "GET /v1/tokens": { operationId: "listTokens" },
  "DELETE /v1/tokens/:id": { operationId: "revokeToken", errors: ["last_admin"] },
  "GET /v1/whoami": { operationId: "whoAmI" },
  "PUT /v1/programs/:program/policy": { pending: true, operationId: "applyPolicy", errors: ["precondition_failed"] },
  "GET /v1/programs/:program/policy": { operationId: "getPolicy" },
  "POST /v1/programs/:program/rollouts": {
    operationId: "startRollout",
    errors: [
      "idempotency_in_progress",
      "idempotency_key_reused",
      "gate_failed",
      "no_policy",
      "no_champion",
      "rollout_running",
      "not_aliasable",
      "champion_as_challenger",
    ],
  },
  "GET /v1/programs/:program/rollouts": { operationId: "listProgramRollouts" },
  "GET /v1/rollouts": { operationId: "listRunningRollouts" },
  "GET /v1/rollouts/:id": { operationId: "getRollout" },
  "POST /v1/rollouts/:id/pause": { operationId: "pauseRollout", errors: ["rollout_ended", "stale_rollout"] },
  "POST /v1/rollouts/:id/resume": { operationId: "resumeRollout", errors: ["rollout_ended", "stale_rollout"] },
  "POST /v1/rollouts/:id/abort": { operationId: "abortRollout", errors: ["rollout_ended", "in_burn_in", "stale_rollout"] },
  "POST /v1/rollouts/:id/rollback": { operationId: "rollbackRollout", errors: ["rollout_ended", "no_challenger", "stale_rollout"] },
  "POST /v1/rollouts/:id/promote": { operationId: "promoteRollout", errors: ["rollout_ended", "in_burn_in", "stale_rollout"] },
  "POST /v1/rollouts/:id/approve": { operationId: "approveRollout", errors: ["not_awaiting", "already_approved", "stale_rollout"] },
  "POST /v1/rollouts/:id/reject": { operationId: "rejectRollout", errors: ["not_awaiting", "self_approval", "stale_rollout"] },
  "GET /v1/programs/:program/decisions": { operationId: "listDecisions" },
  "GET /v1/decisions": { operationId: "listAllDecisions" },
  "POST /v1/freeze": { operationId: "freeze" },
  "DELETE /v1/freeze": { pending: true, operationId: "unfreeze" },
  "GET /v1/freeze": { operationId: "listFreezes" },
  "GET /v1/notifications": { operationId: "listNotifications" },
  "GET /v1/status": { operationId: "getStatus" },
  "GET /v1/dashboard/overview": { operationId: "getDashboardOverview" },
  "GET /v1/rollouts/:id/analysis": { operationId: "getRolloutAnalysis" },
  "GET /v1/events": { operationId: "streamDashboardEvents", contentType: "text/event-stream" },
  "GET /v1/leader": { operationId: "getLeader" },
  // OpenFeature Remote Evaluation Protocol: errors in OFREP's own shapes (docs/openfeature.md).
  "POST /ofrep/v1/evaluate/flags/:key": { operationId: "ofrepEvaluateFlag" },
  "POST /ofrep/v1/evaluate/flags": { operationId: "ofrepEvaluateFlags" },
};
