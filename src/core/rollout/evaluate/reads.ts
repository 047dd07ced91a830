/**
 * What an evaluation of a rollout reads, as plain data: the shell (the
 * server's observe step, a backtest) fetches exactly these windows through its
 * metric sources and hands them back to {@link evaluateRollout}. The core says
 * what to read; it never reads.
 */
import type { RolloutPolicy } from "../../policy/document.js";
import type { MetricReading } from "../../telemetry/metric-stats.js";
import { ALL, allSegmentKeys } from "../../telemetry/segments.js";
import { parseDuration } from "../../time/duration.js";
import { splitSince } from "../traffic.js";
import { activeChallengers, isTerminal, type Rollout } from "../types.js";
import { servedArms } from "./srm-arms.js";

/** One version's numbers over one window. */
export interface VersionWindow {
  exposures: number;
  metrics: Readonly<Record<string, MetricReading>>;
}

/** version → its numbers over one window. */
export type WindowReadings = Readonly<Record<number, VersionWindow>>;

/**
 * One window to read: buckets starting in [from, to) (with `overlap`, the 10-second bucket holding
 * `from` too), for one segment and these versions.
 */
export interface WindowRead {
  key: string;
  from: number;
  to: number;
  segment: string;
  versions: readonly number[];
  overlap: boolean;
}

/** What the shell reads from its stores before the windows: the program's state now. */
export interface RolloutState {
  now: Date;
  /** Version @champion points at right now (someone may have moved it by hand). */
  championNow: number | null;
  freeze: { frozen: boolean; summary: string };
  /** The traffic plan in force (its arms' weights are the sample ratio's expected shares). */
  traffic: { arms: ReadonlyArray<{ alias: string; weight: number }> } | null;
}

export interface RolloutReadings extends RolloutState {
  /** Keyed as {@link readsFor} asked. */
  windows: Readonly<Record<string, WindowReadings>>;
}

export const SEGMENT_KEY = (segment: string): string => `segment:${segment}`;
export const SLO_KEY = (version: number, ms: number): string => `slo:v${version}:${ms}`;
export const RECENT = "recent";
export const SRM = "srm";
export const BURN_IN_BEFORE = "burn_in.before";
export const BURN_IN_AFTER = "burn_in.after";
export const BURN_IN_RECENT = "burn_in.recent";

/** A finished rollout is judged as it stood when it ended: every challenger, at `endedAt` (the evidence it ended on). */
export function asJudged(r: Rollout): Rollout {
  if (!isTerminal(r.status)) return r;
  const burnIn = r.promoted !== null && r.burnInUntil !== null;
  return { ...r, status: burnIn ? "burn_in" : "running", challengers: r.challengers.map((c) => ({ ...c, status: "active" })) };
}

/** The instant an evaluation is made at: now, or when the rollout ended. */
export function judgedAt(r: Rollout, now: Date): Date {
  return isTerminal(r.status) && r.endedAt ? new Date(r.endedAt) : now;
}

/** When the promoted version took over (burn-in only). */
export function promotedAt(r: Rollout): number {
  return Date.parse(r.burnInUntil!) - (r.plan.burnInMs ?? 0);
}

/** Versions whose SLO burn is judged: the promoted one in burn-in, else the champion and every active challenger. */
export function burnVersions(r: Rollout): number[] {
  return r.status === "burn_in" && r.promoted !== null ? [r.promoted] : [r.champion, ...activeChallengers(r).map((c) => c.version)];
}

function sloReads(policy: RolloutPolicy, versions: readonly number[], now: number): WindowRead[] {
  const spans = [...new Set(policy.slos.flatMap((s) => s.rules.flatMap((x) => [parseDuration(x.long), parseDuration(x.short)])))];
  return versions.flatMap((v) =>
    spans.map((ms) => ({ key: SLO_KEY(v, ms), from: now - ms, to: now, segment: ALL, versions: [v], overlap: true })),
  );
}

/**
 * Every window an evaluation of `rollout` needs (finished rollouts: as they ended).
 * @example readsFor(policy, rollout, state).map((w) => w.key) // ["segment:all", "srm", "slo:v2:300000", …]
 */
export function readsFor(policy: RolloutPolicy, rollout: Rollout, state: Pick<RolloutState, "now" | "traffic">): WindowRead[] {
  const r = asJudged(rollout);
  const now = judgedAt(rollout, state.now).getTime();
  const recentMs = policy.gates.recentWindow ? parseDuration(policy.gates.recentWindow) : null;
  if (r.status === "burn_in" && r.promoted !== null) {
    const at = promotedAt(r);
    // Only buckets that start at or after the promotion: the bucket around it holds the promoted version's
    // canary data, and a burn-in judged on that would pass with no post-promotion telemetry at all.
    const reads: WindowRead[] = [
      { key: BURN_IN_BEFORE, from: Date.parse(r.startedAt), to: at, segment: ALL, versions: [r.champion], overlap: true },
      { key: BURN_IN_AFTER, from: at, to: now, segment: ALL, versions: [r.promoted], overlap: false },
    ];
    if (recentMs !== null)
      reads.push({
        key: BURN_IN_RECENT,
        from: Math.max(at, now - recentMs),
        to: now,
        segment: ALL,
        versions: [r.promoted],
        overlap: false,
      });
    return [...reads, ...sloReads(policy, burnVersions(r), now)];
  }
  const since = Date.parse(r.startedAt);
  const versions = [r.champion, ...activeChallengers(r).map((c) => c.version)];
  const segments = [ALL, ...allSegmentKeys({ dimensions: policy.segments }).filter((s) => s !== ALL)];
  const reads: WindowRead[] = segments.map((segment) => ({
    key: SEGMENT_KEY(segment),
    from: since,
    to: now,
    segment,
    versions,
    overlap: true,
  }));
  if (recentMs !== null) reads.push({ key: RECENT, from: Math.max(since, now - recentMs), to: now, segment: ALL, versions, overlap: true });
  const served = isTerminal(rollout.status) ? [] : servedArms(r, state.traffic);
  // A window that mixes two splits mismatches by construction: the sample ratio counts from the last change of shares only.
  if (served.length > 0)
    reads.push({ key: SRM, from: splitSince(r), to: now, segment: ALL, versions: served.map((a) => a.version), overlap: false });
  return [...reads, ...sloReads(policy, versions, now)];
}
