import type { AliasMove, AliasState } from "../../core/registry/types.js";

export interface AliasRepo {
  get(program: string, alias: string): Promise<AliasState | null>;
  list(program: string): Promise<AliasState[]>;
  listAll(): Promise<AliasState[]>;
  set(state: AliasState): Promise<void>;
  remove(program: string, alias: string): Promise<void>;
  /** Appends a move to the history and returns it with its id. */
  appendMove(move: Omit<AliasMove, "id">): Promise<AliasMove>;
  /** Moves in the order they happened, optionally for one alias only. */
  moves(program: string, alias?: string): Promise<AliasMove[]>;
}
