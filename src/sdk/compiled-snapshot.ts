import type { AliasTarget, Snapshot } from "../core/assignment/snapshot.js";
import { CHAMPION } from "../core/assignment/traffic-plan.js";
import { CompiledProgram, resolution } from "./compiled-program.js";
import type { Resolution, ResolveErrorCode } from "./types.js";

const NO_SHADOW = Object.freeze([]);

/** A snapshot with every program compiled once, ready for resolve. */
export class CompiledSnapshot {
  readonly revision: number;
  private readonly programs = new Map<string, CompiledProgram>();
  private lastName: string | undefined;
  private lastProgram: CompiledProgram | undefined;

  constructor(readonly snapshot: Snapshot) {
    this.revision = snapshot.revision;
    for (const [name, entry] of Object.entries(snapshot.programs)) this.programs.set(name, new CompiledProgram(name, entry));
  }

  target(program: string, alias: string): AliasTarget | undefined {
    return this.programs.get(program)?.targets.get(alias);
  }

  program(name: string): CompiledProgram | undefined {
    // Serving code mostly asks for the same program again and again: skip the map then.
    if (name === this.lastName) return this.lastProgram;
    const found = this.programs.get(name);
    if (found !== undefined) {
      this.lastName = name;
      this.lastProgram = found;
    }
    return found;
  }
}

function unavailable(program: string, errorCode: ResolveErrorCode): Resolution {
  return resolution(program, CHAMPION, undefined, NO_SHADOW, "error", errorCode);
}

/** Resolves a unit against a compiled snapshot (or none). Never throws. */
export function resolveIn(compiled: CompiledSnapshot | null, program: string, unitId: string): Resolution {
  let found: CompiledProgram | undefined;
  try {
    if (compiled === null) return unavailable(program, "NO_SNAPSHOT");
    found = compiled.program(program);
    if (found === undefined) return unavailable(program, "PROGRAM_NOT_FOUND");
    return found.resolve(unitId);
  } catch {
    try {
      return found?.internalError() ?? unavailable(program, "INTERNAL");
    } catch {
      return unavailable(program, "INTERNAL");
    }
  }
}
