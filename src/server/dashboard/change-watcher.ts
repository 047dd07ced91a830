/**
 * Tells dashboards that something they show changed. One watcher per process,
 * polling the store once a second only while someone listens: the audit head
 * (every mutation, from any replica, appends an entry) and a fingerprint of
 * each unfinished rollout's visible state (holds and sample counts change
 * without an audit entry). The serving snapshot hub adds alias and traffic moves.
 */
import type { DashboardChange } from "../../contracts/dashboard.js";
import type { Snapshot } from "../../core/assignment/snapshot.js";
import type { Rollout } from "../../core/rollout/types.js";
import type { SnapshotHub } from "../serving/hub.js";
import type { Store } from "../store/store.js";

/** Programs concerned (null when it may be any: a global freeze, a token, a snapshot from elsewhere), rollouts, and what noticed it. */
export type { DashboardChange };

type Listener = (change: DashboardChange) => void;

/** What a person sees of a rollout; the controller's bookkeeping (nextCheckAt, revision) is left out. */
const fingerprint = (r: Rollout) =>
  JSON.stringify([r.status, r.stepIndex, r.paused, r.hold, r.approvals.length, r.challengers.map((c) => c.status), r.promoted]);

export class ChangeWatcher {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private auditSeq = -1;
  private rollouts = new Map<string, { program: string; print: string }>();
  private servingPrints = new Map<string, string>();
  private unsubscribeHub: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly hub: SnapshotHub,
    private readonly everyMs = 1_000,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeHub?.();
    this.unsubscribeHub = null;
  }

  private start(): void {
    this.auditSeq = -1;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.everyMs);
    this.timer.unref();
    this.unsubscribeHub = this.hub.subscribe({ send: ({ snapshot }) => this.servingChanged(snapshot), end: () => undefined });
  }

  private emit(change: DashboardChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private servingChanged(snapshot: Snapshot): void {
    const changed: string[] = [];
    const next = new Map<string, string>();
    for (const [name, p] of Object.entries(snapshot.programs)) {
      const print = JSON.stringify(p);
      next.set(name, print);
      if (this.servingPrints.get(name) !== print) changed.push(name);
    }
    for (const name of this.servingPrints.keys()) if (!next.has(name)) changed.push(name);
    const first = this.servingPrints.size === 0;
    this.servingPrints = next;
    if (!first && changed.length > 0) this.emit({ programs: changed, rollouts: [], source: "serving" });
  }

  /** One cheap unit of work; the first look only records where things stand. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const first = this.auditSeq < 0;
      const { head, entries, active } = await this.store.tx(async (r) => {
        const head = (await r.audit.head())?.seq ?? 0;
        const entries = !first && head > this.auditSeq ? await r.audit.list({ after: this.auditSeq, limit: 1000 }) : [];
        return { head, entries, active: await r.rollouts.active() };
      });
      const programs = new Set<string>();
      // More than one page of entries since the last look: say "anything" rather than list them.
      let anyProgram = entries.length === 1000;
      for (const e of entries) {
        if (e.program === null) anyProgram = true;
        else programs.add(e.program);
      }
      const ids: string[] = [];
      const next = new Map<string, { program: string; print: string }>();
      for (const r of active) {
        const print = fingerprint(r);
        next.set(r.id, { program: r.program, print });
        if (this.rollouts.get(r.id)?.print !== print) ids.push(r.id);
      }
      // A rollout that left the active list ended (its decision is in the audit trail too).
      for (const id of this.rollouts.keys()) if (!next.has(id)) ids.push(id);
      for (const id of ids) programs.add(next.get(id)?.program ?? this.rollouts.get(id)!.program);
      this.rollouts = next;
      const auditMoved = head !== this.auditSeq;
      this.auditSeq = head;
      if (first || (!auditMoved && ids.length === 0)) return;
      this.emit({ programs: anyProgram ? null : [...programs], rollouts: ids, source: auditMoved ? "audit" : "rollouts" });
    } catch {
      // The store is unavailable for a moment: look again next second.
    } finally {
      this.polling = false;
    }
  }
}
