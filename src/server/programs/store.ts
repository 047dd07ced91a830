import type { Program } from "../../core/registry/types.js";

export interface ProgramRepo {
  /** Inserts a program; returns false if the name is taken. */
  insert(program: Program): Promise<boolean>;
  get(name: string): Promise<Program | null>;
  list(): Promise<Program[]>;
  /** Takes the program's next version number; numbers are never handed out twice. */
  allocateVersion(name: string): Promise<number>;
}
