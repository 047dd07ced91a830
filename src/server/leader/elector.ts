/**
 * Leader election for the rollout controller: any replica serves the API, but only the
 * leader decides. See docs/replicas.md ("Leader election and fencing") and ADR 005.
 */
import { ConflictError } from "../errors.js";
import type { Repos } from "../store/store.js";

export interface LeaderElector {
  /** This process's id in the election (host:pid:random for the PostgreSQL lease). */
  readonly replica: string;
  /** "single": one process, always the leader (SQLite, memory); "lease": a lease row in PostgreSQL. */
  readonly kind: "single" | "lease";
  /** True while this process may decide: it holds the lease and its last renewal is recent enough. */
  isLeader(): boolean;
  /** The token of the lease this process holds (grows on every acquisition), or null. */
  fencingToken(): number | null;
  start(): Promise<void>;
  /** Stops renewing and, if leading, hands the lease back so another replica takes over at once. */
  stop(): Promise<void>;
  /**
   * Runs inside a unit of work, before its writes: throws FencedError unless the lease this process
   * acquired is still the current one, so a stale leader's transaction rolls back instead of committing.
   */
  fence(repos: Repos): Promise<void>;
}

/** A write by a replica that is no longer (or not) the leader; its unit of work rolls back. */
export class FencedError extends ConflictError {
  constructor(message: string) {
    super(message, "not_leader");
  }
}

/** One process owns its database (SQLite, memory): it always leads and nothing can fence it. */
export class SingleProcessLeader implements LeaderElector {
  readonly kind = "single" as const;
  constructor(readonly replica: string = `${process.pid}`) {}
  isLeader(): boolean {
    return true;
  }
  fencingToken(): number | null {
    return null;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async fence(): Promise<void> {}
}
