import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { AliasRepo } from "./store.js";

const byName = (a: AliasState, b: AliasState) => a.program.localeCompare(b.program) || a.alias.localeCompare(b.alias);

export class MemoryAliasRepo extends MemoryRepo implements AliasRepo {
  private readonly current = this.table<AliasState>();
  private readonly history: AliasMove[] = [];

  async get(program: string, alias: string): Promise<AliasState | null> {
    return this.current.get(keyOf(program, alias));
  }
  async list(program: string): Promise<AliasState[]> {
    return this.current.values((a) => a.program === program).sort(byName);
  }
  async listAll(): Promise<AliasState[]> {
    return this.current.values().sort(byName);
  }
  async set(state: AliasState): Promise<void> {
    this.current.put(keyOf(state.program, state.alias), state);
  }
  async remove(program: string, alias: string): Promise<void> {
    this.current.delete(keyOf(program, alias));
  }
  async appendMove(move: Omit<AliasMove, "id">): Promise<AliasMove> {
    const stored = { ...move, id: this.history.length + 1 };
    this.journal.push(this.history, stored);
    return { ...stored };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    return this.history.filter((m) => m.program === program && (alias === undefined || m.alias === alias)).map((m) => ({ ...m }));
  }
}
