import type { TrafficPlan } from "./traffic-plan.js";

/**
 * What an SDK needs to serve every program locally: the versions behind each
 * alias and the traffic plan. The server publishes it; SDKs cache it.
 */
export interface AliasTarget {
  version: number;
  artifactUri: string | null;
  config: unknown;
}

export interface ProgramSnapshot {
  name: string;
  aliases: Record<string, AliasTarget>;
  traffic: TrafficPlan;
}

export interface Snapshot {
  /** Increases with every change that affects serving; the HTTP ETag is derived from it. */
  revision: number;
  generatedAt: string;
  programs: Record<string, ProgramSnapshot>;
}

/** ETag of a snapshot revision, as sent and compared over HTTP. */
export function snapshotEtag(revision: number): string {
  return `"rev-${revision}"`;
}
