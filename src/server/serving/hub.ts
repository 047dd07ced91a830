import { safeStringify } from "../../contracts/json-bounds.js";
import type { Snapshot } from "../../core/assignment/snapshot.js";
import type { ServiceContext } from "../context.js";
import { buildSnapshot } from "./snapshot.js";

export interface CurrentSnapshot {
  snapshot: Snapshot;
  serialized: string;
  /** The SSE frame, built once and shared by every stream. */
  frame: Buffer;
}

export interface SnapshotSubscriber {
  send(current: CurrentSnapshot): void;
  /** Ends the subscriber's connection (server shutdown). */
  end(): void;
}

/**
 * Holds the current snapshot and pushes each new revision to every streaming SDK.
 * Refreshes on `changed()` (in-process writes) and on a slow timer, so a change
 * written by another process is picked up too.
 */
export class SnapshotHub {
  private current: CurrentSnapshot | null = null;
  private readonly subscribers = new Set<SnapshotSubscriber>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Omit<ServiceContext, "servingChanged">) {}

  start(pollMs: number): void {
    this.timer = setInterval(() => this.changed(), pollMs);
    this.timer.unref();
  }

  /** Stops polling and ends every stream, so the HTTP server can close. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
  }

  async get(): Promise<CurrentSnapshot> {
    if (!this.current) await this.refresh();
    return this.current!;
  }

  subscribe(subscriber: SnapshotSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Coalesces bursts of changes into as few rebuilds as possible, never missing the last one. */
  changed(): void {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = this.refresh()
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = null;
        if (this.again) {
          this.again = false;
          this.changed();
        }
      });
  }

  private async refresh(): Promise<void> {
    const revision = await this.ctx.store.tx((repos) => repos.serving.revision());
    if (this.current && this.current.snapshot.revision === revision) return;
    const snapshot = await this.ctx.store.tx((repos) => buildSnapshot(repos, this.ctx.now()));
    if (this.current && snapshot.revision <= this.current.snapshot.revision) return;
    const serialized = safeStringify(snapshot);
    this.current = { snapshot, serialized, frame: snapshotFrame(snapshot.revision, serialized) };
    for (const subscriber of this.subscribers) subscriber.send(this.current);
  }
}

/** `event: snapshot` with the revision as its id (the SDK resumes from it). */
export function snapshotFrame(revision: number, serialized: string): Buffer {
  return Buffer.from(`event: snapshot\nid: ${revision}\ndata: ${serialized}\n\n`);
}
