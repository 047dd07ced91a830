/** Registry domain: programs, immutable candidate versions and movable aliases. */

export type CandidateStatus = "registered" | "rejected" | "retired";

export interface Program {
  name: string;
  description: string;
  owners: string[];
  /** Hash seed for traffic assignment; fixed at creation so splits never reshuffle. */
  seed: string;
  createdAt: string;
  createdBy: string;
}

export interface Provenance {
  codeCommit: string | null;
  lockfileHash: string | null;
  dataFingerprint: string | null;
  createdBy: string;
  createdAt: string;
}

export interface CandidateCheck {
  name: string;
  passed: boolean;
  url: string | null;
  details: string | null;
}

export interface Candidate {
  program: string;
  version: number;
  description: string;
  artifactUri: string | null;
  config: unknown;
  provenance: Provenance;
  metrics: Record<string, number>;
  checks: CandidateCheck[];
  tags: string[];
  status: CandidateStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  /** The version's name in the system it came from (e.g. "mlflow:fraud-detector/7"), unique per program: importers upsert by it. */
  externalRef: string | null;
}

export interface AliasMove {
  id: number;
  program: string;
  alias: string;
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  reason: string;
  at: string;
}

export interface AliasState {
  program: string;
  alias: string;
  version: number;
  movedAt: string;
  movedBy: string;
}
