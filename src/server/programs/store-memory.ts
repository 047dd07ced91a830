import type { Program } from "../../core/registry/types.js";
import { MemoryRepo } from "../persist/memory-repo.js";
import type { ProgramRepo } from "./store.js";

export class MemoryProgramRepo extends MemoryRepo implements ProgramRepo {
  private readonly rows = this.table<{ program: Program; nextVersion: number }>();

  async insert(program: Program): Promise<boolean> {
    if (this.rows.has(program.name)) return false;
    this.rows.put(program.name, { program, nextVersion: 1 });
    return true;
  }
  async get(name: string): Promise<Program | null> {
    return this.rows.get(name)?.program ?? null;
  }
  async list(): Promise<Program[]> {
    return this.rows
      .values()
      .map((r) => r.program)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  async allocateVersion(name: string): Promise<number> {
    const row = this.rows.get(name);
    if (!row) throw new Error(`program ${name} does not exist`);
    this.rows.put(name, { ...row, nextVersion: row.nextVersion + 1 });
    return row.nextVersion;
  }
}
