import type { AliasMove, AliasState } from "../../core/registry/types.js";
import type { Transactional } from "../persist/transactional.js";
import type { AliasRepo } from "./store.js";

interface State {
  current: Map<string, AliasState>;
  moves: AliasMove[];
}
const key = (program: string, alias: string) => `${program}\u0000${alias}`;
const byName = (a: AliasState, b: AliasState) => a.program.localeCompare(b.program) || a.alias.localeCompare(b.alias);

export class MemoryAliasRepo implements AliasRepo, Transactional {
  private state: State = { current: new Map(), moves: [] };

  async get(program: string, alias: string): Promise<AliasState | null> {
    const found = this.state.current.get(key(program, alias));
    return found ? { ...found } : null;
  }
  async list(program: string): Promise<AliasState[]> {
    return (await this.listAll()).filter((a) => a.program === program);
  }
  async listAll(): Promise<AliasState[]> {
    return [...this.state.current.values()].map((a) => ({ ...a })).sort(byName);
  }
  async set(state: AliasState): Promise<void> {
    this.state.current.set(key(state.program, state.alias), { ...state });
  }
  async remove(program: string, alias: string): Promise<void> {
    this.state.current.delete(key(program, alias));
  }
  async appendMove(move: Omit<AliasMove, "id">): Promise<AliasMove> {
    const stored = { ...move, id: this.state.moves.length + 1 };
    this.state.moves.push(stored);
    return { ...stored };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    return this.state.moves.filter((m) => m.program === program && (alias === undefined || m.alias === alias)).map((m) => ({ ...m }));
  }
  save(): unknown {
    return structuredClone(this.state);
  }
  restore(saved: unknown): void {
    this.state = saved as State;
  }
}
