import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import type { Transactional } from "../persist/transactional.js";
import type { CandidateRepo } from "./store.js";

const key = (program: string, version: number) => `${program}\u0000${version}`;

export class MemoryCandidateRepo implements CandidateRepo, Transactional {
  private rows = new Map<string, Candidate>();

  async insert(candidate: Candidate): Promise<void> {
    const k = key(candidate.program, candidate.version);
    if (this.rows.has(k)) throw new Error(`version ${candidate.version} of ${candidate.program} exists`);
    if (candidate.externalRef && [...this.rows.values()].some((c) => c.program === candidate.program && c.externalRef === candidate.externalRef)) {
      throw new Error(`external reference ${candidate.externalRef} of ${candidate.program} exists`);
    }
    this.rows.set(k, structuredClone(candidate));
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    const found = this.rows.get(key(program, version));
    return found ? structuredClone(found) : null;
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    const found = [...this.rows.values()].find((c) => c.program === program && c.externalRef === externalRef);
    return found ? structuredClone(found) : null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    return [...this.rows.values()]
      .filter((c) => c.program === program && (status === undefined || c.status === status))
      .sort((a, b) => a.version - b.version)
      .map((c) => structuredClone(c));
  }
  async latestVersion(program: string): Promise<number | null> {
    let latest: number | null = null;
    for (const c of this.rows.values()) if (c.program === program && (latest === null || c.version > latest)) latest = c.version;
    return latest;
  }
  async setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void> {
    const found = this.rows.get(key(program, version));
    if (!found) throw new Error(`version ${version} of ${program} does not exist`);
    Object.assign(found, { status, statusReason: reason, statusChangedAt: at });
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Map<string, Candidate>;
  }
}
