/**
 * The promotion controller: an idempotent reconcile loop over persisted state.
 * Each look reads a rollout and its telemetry, computes the transition with the
 * core's one evaluation (evaluateRollout: verdicts, then the state machine), and writes state, effects, decision and audit entry in
 * one unit of work guarded by the rollout's revision. Crashing anywhere and
 * starting again simply looks again: nothing is half done.
 */
import type { Rollout } from "../../core/rollout/types.js";
import { systemActor, type Actor, type ServiceContext } from "../context.js";
import { ConflictError } from "../errors.js";
import { freezeOf } from "../freeze/service.js";
import type { Repos } from "../store/store.js";
import type { TelemetryQuery } from "../telemetry/query.js";
import { applyTransitionIn } from "./apply-transition.js";
import { evaluateNow } from "./observe.js";

export const CONTROLLER_ACTOR: Actor = systemActor("controller");

export interface TickReport {
  looked: number;
  transitions: number;
  errors: Array<{ rollout: string; message: string }>;
}

export class Controller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickReport> | null = null;
  /** Per rollout, the freeze state and policy revision of its last look (a change makes it due at once). */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly query: TelemetryQuery,
    /** Whether this process may decide now (leader election in replicated setups). */
    private readonly mayDecide: () => boolean = () => true,
    /**
     * Runs first inside each deciding unit of work and throws (a ConflictError) if this process lost
     * the leadership meanwhile, so a stale leader's transition rolls back (fencing; src/server/leader/).
     */
    private readonly fence: (repos: Repos) => Promise<void> = async () => undefined,
  ) {}

  start(everyMs = 1_000): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every due rollout; overlapping calls share the pass in progress. */
  tick(force = false): Promise<TickReport> {
    if (this.running) return this.running;
    this.running = this.pass(force).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(force: boolean): Promise<TickReport> {
    const report: TickReport = { looked: 0, transitions: 0, errors: [] };
    if (!this.mayDecide()) return report;
    const now = this.ctx.now();
    // A freeze, an unfreeze or a policy change is looked at on the next pass, not at the next scheduled look:
    // no stale "holding: promotions frozen" after an unfreeze. (Approvals set nextCheckAt themselves.)
    const { active, signals } = await this.ctx.store.tx(async (repos) => {
      const rollouts = await repos.rollouts.active();
      const freezes = await repos.freezes.list();
      const out = new Map<string, string>();
      for (const r of rollouts)
        out.set(r.id, `${freezeOf(freezes, r.program).frozen}|${(await repos.policies.get(r.program))?.revision ?? 0}`);
      return { active: rollouts, signals: out };
    });
    const due = active.filter((r) => force || Date.parse(r.nextCheckAt) <= now.getTime() || this.seen.get(r.id) !== signals.get(r.id));
    for (const key of this.seen.keys()) if (!signals.has(key)) this.seen.delete(key);
    for (const r of due) {
      report.looked++;
      try {
        this.seen.set(r.id, signals.get(r.id)!);
        if (await this.look(r)) report.transitions++;
      } catch (error) {
        report.errors.push({ rollout: r.id, message: (error as Error).message });
      }
    }
    return report;
  }

  /** Looks at one rollout; returns true when a decision was recorded. */
  async look(r: Rollout): Promise<boolean> {
    const policy = await this.ctx.store.tx((repos) => repos.policies.get(r.program));
    if (!policy) return false;
    // read → evaluate (pure, in the core) → write.
    const { observation, next } = await evaluateNow(this.ctx, this.query, r, policy.document);
    if (!next) return false;
    const t = next;
    const now = observation.now;
    try {
      const applied = await this.ctx.store.tx(async (repos) => {
        if (!this.mayDecide()) return null;
        await this.fence(repos);
        const current = await repos.rollouts.get(r.id);
        // Someone (a person, another replica) changed it since we read it: look again next tick.
        if (!current || current.revision !== r.revision) return null;
        return applyTransitionIn(repos, now, CONTROLLER_ACTOR, current, t, {
          samples: Object.fromEntries([
            [`v${r.champion}`, observation.championSamples],
            ...observation.challengers.map((c) => [`v${c.version}`, c.samples]),
          ]),
          srm: observation.srm,
        });
      });
      if (applied?.servingChanged) this.ctx.servingChanged();
      return applied?.decision != null;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }
}
