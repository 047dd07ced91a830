import { CURRENT_HASH_VERSION, planProblems, type TrafficPlan } from "../../core/assignment/traffic-plan.js";
import type { SetTrafficBody } from "../../contracts/traffic.js";
import { appendAudit } from "../audit/append.js";
import type { Actor, ServiceContext } from "../context.js";
import { ConflictError, ValidationError } from "../errors.js";
import { checkIfMatch, etagOf } from "../http/etag.js";
import { requireProgram } from "../programs/service.js";
import { judgeTraffic } from "../../core/auth/protection.js";
import { programProtection } from "../changes/governance.js";
import { ChangePending, proposeChangeIn } from "../changes/service.js";
import type { Repos } from "../store/store.js";

/** The plan of a program whose split was never set: the champion serves everyone. */
export const defaultPlan = (seed: string): TrafficPlan => ({
  hashVersion: CURRENT_HASH_VERSION,
  seed,
  slots: 1,
  arms: [],
  shadow: [],
  overrides: {},
});

/**
 * Replaces a program's traffic plan inside the caller's unit of work. The seed and
 * hash version stay the program's, so a running split never reshuffles.
 */
export async function setTrafficIn(
  repos: Repos,
  now: Date,
  actor: Actor,
  program: string,
  input: Omit<SetTrafficBody, "reason"> & { reason: string; ifMatch?: "*" | string[] | undefined },
): Promise<TrafficPlan> {
  const found = await requireProgram(repos, program);
  const before = await repos.traffic.get(program);
  checkIfMatch(input.ifMatch, etagOf(before ?? defaultPlan(found.seed)), `the traffic plan of "${program}"`);
  const plan: TrafficPlan = {
    hashVersion: before?.hashVersion ?? CURRENT_HASH_VERSION,
    seed: before?.seed ?? found.seed,
    slots: input.slots,
    arms: input.arms,
    shadow: input.shadow,
    overrides: input.overrides,
  };
  const problems = planProblems(plan);
  if (problems.length > 0) {
    throw new ValidationError(
      `body.${problems[0]!.path}: ${problems[0]!.message}`,
      problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    );
  }
  const set = new Set((await repos.aliases.list(program)).map((a) => a.alias));
  const missing = [...plan.arms.map((a) => a.alias), ...plan.shadow.map((s) => s.alias)].filter((alias) => !set.has(alias));
  if (missing.length > 0) {
    throw new ConflictError(
      `alias @${missing[0]} of "${program}" is not set; point it at a version before sending traffic to it`,
      "alias_not_set",
    );
  }
  await repos.traffic.put(program, plan);
  await repos.serving.bump();
  await appendAudit(repos, now, actor, {
    action: "traffic.set",
    program,
    target: `${program}/traffic`,
    before,
    after: { ...plan, reason: input.reason },
  });
  return plan;
}

export class TrafficService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Sets the plan, or, on a protected program, records a raise of a non-champion share as a change request.
   * With `ifMatch`, only when the plan is still the one the caller read (412 otherwise), checked in the same unit of work.
   */
  async set(program: string, input: SetTrafficBody, actor: Actor, ifMatch?: "*" | string[]): Promise<TrafficPlan | ChangePending> {
    const now = this.ctx.now();
    const plan = await this.ctx.store.tx(async (repos) => {
      const found = await requireProgram(repos, program);
      const protection = await programProtection(repos, program);
      const before = await repos.traffic.get(program);
      checkIfMatch(ifMatch, etagOf(before ?? defaultPlan(found.seed)), `the traffic plan of "${program}"`);
      const { raises } = judgeTraffic(before, input);
      if (protection.protected && raises) {
        const { reason, ...change } = input;
        return proposeChangeIn(repos, now, actor, {
          program,
          kind: "traffic.set",
          change: { ...change, reason },
          diff: { before, after: change },
          reason,
          protection,
          why: raises,
        });
      }
      return setTrafficIn(repos, now, actor, program, input);
    });
    if (!(plan instanceof ChangePending)) this.ctx.servingChanged();
    return plan;
  }

  async get(program: string): Promise<TrafficPlan> {
    return this.ctx.store.tx(async (repos) => {
      const found = await requireProgram(repos, program);
      return (await repos.traffic.get(program)) ?? defaultPlan(found.seed);
    });
  }
}
