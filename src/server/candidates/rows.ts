import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import type { JsonDecoder } from "../store/json-columns.js";

/**
 * A candidates row as both SQL stores return it. JSON columns come back as text
 * from SQLite and already parsed from PostgreSQL (JSONB): `json` decodes either.
 */
export interface CandidateRow {
  program: string;
  version: number;
  description: string;
  artifact_uri: string | null;
  config: unknown;
  provenance: unknown;
  metrics: unknown;
  checks: unknown;
  tags: unknown;
  status: CandidateStatus;
  status_reason: string | null;
  status_changed_at: string | null;
  external_ref: string | null;
}

export const CANDIDATE_COLUMNS = "program, version, description, artifact_uri, config, provenance, metrics, checks, tags, status, status_reason, status_changed_at, external_ref";

export function candidateFromRow(r: CandidateRow, json: JsonDecoder): Candidate {
  return {
    program: r.program,
    version: r.version,
    description: r.description,
    artifactUri: r.artifact_uri,
    config: r.config === null || r.config === undefined ? null : json(r.config),
    provenance: json(r.provenance) as Candidate["provenance"],
    metrics: json(r.metrics) as Candidate["metrics"],
    checks: json(r.checks) as Candidate["checks"],
    tags: json(r.tags) as string[],
    status: r.status,
    statusReason: r.status_reason,
    statusChangedAt: r.status_changed_at,
    externalRef: r.external_ref ?? null,
  };
}
