import type { Program } from "../../core/registry/types.js";
import type { Transactional } from "../persist/transactional.js";
import type { ProgramRepo } from "./store.js";

interface State {
  programs: Map<string, Program>;
  nextVersion: Map<string, number>;
}

export class MemoryProgramRepo implements ProgramRepo, Transactional {
  private state: State = { programs: new Map(), nextVersion: new Map() };

  async insert(program: Program): Promise<boolean> {
    if (this.state.programs.has(program.name)) return false;
    this.state.programs.set(program.name, structuredClone(program));
    this.state.nextVersion.set(program.name, 1);
    return true;
  }
  async get(name: string): Promise<Program | null> {
    const found = this.state.programs.get(name);
    return found ? structuredClone(found) : null;
  }
  async list(): Promise<Program[]> {
    return [...this.state.programs.values()].sort((a, b) => a.name.localeCompare(b.name)).map((p) => structuredClone(p));
  }
  async allocateVersion(name: string): Promise<number> {
    const next = this.state.nextVersion.get(name);
    if (next === undefined) throw new Error(`program ${name} does not exist`);
    this.state.nextVersion.set(name, next + 1);
    return next;
  }
  save(): unknown {
    return structuredClone(this.state);
  }
  restore(saved: unknown): void {
    this.state = saved as State;
  }
}
