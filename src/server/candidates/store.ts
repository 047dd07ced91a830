import type { Candidate, CandidateStatus } from "../../core/registry/types.js";

export interface CandidateRepo {
  insert(candidate: Candidate): Promise<void>;
  get(program: string, version: number): Promise<Candidate | null>;
  /** The version registered under this external reference, if any. */
  findByExternalRef(program: string, externalRef: string): Promise<Candidate | null>;
  list(program: string, status?: CandidateStatus): Promise<Candidate[]>;
  latestVersion(program: string): Promise<number | null>;
  setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void>;
}
