import { appendAudit } from "../audit/append.js";
import type { Actor, ServiceContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import { globalProtection, programProtection } from "../changes/governance.js";
import type { ChangePending } from "../changes/service.js";
import { proposeChangeIn } from "../changes/service.js";
import type { Repos } from "../store/store.js";
import type { Freeze } from "./store.js";

/** The kill switch: a frozen scope holds every promotion and ramp; rollbacks still happen. */
export class FreezeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly onChange: () => void = () => undefined,
  ) {}

  async freeze(program: string | null, reason: string, actor: Actor): Promise<Freeze> {
    const f: Freeze = { program, by: actor.name, reason, at: this.ctx.now().toISOString() };
    await this.ctx.store.tx(async (r) => {
      if (program) await requireProgram(r, program);
      await r.freezes.set(f);
      await appendAudit(r, this.ctx.now(), actor, {
        action: "freeze",
        program,
        target: program ? `${program}/freeze` : "global/freeze",
        before: null,
        after: f,
      });
    });
    this.onChange();
    return f;
  }

  /** Lifts a freeze, or, where changes are protected, records the lift as a change request. */
  async unfreeze(program: string | null, actor: Actor): Promise<ChangePending | null> {
    const now = this.ctx.now();
    const pending = await this.ctx.store.tx(async (r) => {
      const current = (await r.freezes.list()).find((f) => f.program === program);
      if (!current) throw new NotFoundError(program ? `program "${program}" is not frozen` : "promotions are not frozen globally");
      const protection = program ? await programProtection(r, program) : await globalProtection(r);
      if (protection.protected) {
        return proposeChangeIn(r, now, actor, {
          program,
          kind: "freeze.lift",
          change: { program },
          diff: { before: current, after: null },
          reason: `lift the freeze (${current.reason})`,
          protection,
        });
      }
      await liftFreezeIn(r, now, actor, program);
      return null;
    });
    if (!pending) this.onChange();
    return pending;
  }

  async list(): Promise<Freeze[]> {
    return this.ctx.store.tx((r) => r.freezes.list());
  }
}

/** Lifts a freeze inside the caller's unit of work (direct, or an approved change request). */
export async function liftFreezeIn(r: Repos, now: Date, actor: Actor, program: string | null): Promise<void> {
  if (!(await r.freezes.clear(program)))
    throw new NotFoundError(program ? `program "${program}" is not frozen` : "promotions are not frozen globally");
  await appendAudit(r, now, actor, {
    action: "unfreeze",
    program,
    target: program ? `${program}/freeze` : "global/freeze",
    before: null,
    after: null,
  });
}

/** Whether a program is frozen, and by what. */
export function freezeOf(freezes: readonly Freeze[], program: string): { frozen: boolean; summary: string } {
  const hit = freezes.find((f) => f.program === null) ?? freezes.find((f) => f.program === program);
  return hit
    ? { frozen: true, summary: `${hit.program === null ? "global freeze" : `${program} frozen`} by ${hit.by} at ${hit.at}: ${hit.reason}` }
    : { frozen: false, summary: "" };
}
