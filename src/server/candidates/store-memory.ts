import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { CandidateRepo } from "./store.js";

export class MemoryCandidateRepo extends MemoryRepo implements CandidateRepo {
  private readonly rows = this.table<Candidate>();

  async insert(c: Candidate): Promise<void> {
    if (this.rows.has(keyOf(c.program, c.version))) throw new Error(`version ${c.version} of ${c.program} exists`);
    if (c.externalRef && (await this.findByExternalRef(c.program, c.externalRef)))
      throw new Error(`external reference ${c.externalRef} of ${c.program} exists`);
    this.rows.put(keyOf(c.program, c.version), c);
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    return this.rows.get(keyOf(program, version));
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    return this.rows.values((c) => c.program === program && c.externalRef === externalRef)[0] ?? null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    return this.rows
      .values((c) => c.program === program && (status === undefined || c.status === status))
      .sort((a, b) => a.version - b.version);
  }
  async latestVersion(program: string): Promise<number | null> {
    return (await this.list(program)).at(-1)?.version ?? null;
  }
  async setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void> {
    const found = this.rows.get(keyOf(program, version));
    if (!found) throw new Error(`version ${version} of ${program} does not exist`);
    this.rows.put(keyOf(program, version), { ...found, status, statusReason: reason, statusChangedAt: at });
  }
}
