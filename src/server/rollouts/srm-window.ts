/**
 * The sample-ratio check's inputs for a running rollout: each served arm's
 * expected share (the traffic plan in force) and its exposures over whole
 * buckets since the shares last changed ({@link splitSince}). The controller
 * decides from these and the dashboard's rollout page draws them: one copy.
 */
import { splitSince } from "../../core/rollout/traffic.js";
import { activeChallengers, type Rollout } from "../../core/rollout/types.js";
import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import { ALL } from "../../core/telemetry/segments.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export interface SrmArm {
  version: number;
  alias: string;
  expectedShare: number;
  exposures: number;
}

/** Empty when no challenger is served (shadow steps, champion only): nothing to check. */
export async function srmArmsOf(query: TelemetryQuery, r: Rollout, traffic: Pick<TrafficPlan, "arms"> | null, now: Date): Promise<SrmArm[]> {
  const arms = traffic?.arms ?? [];
  const served = activeChallengers(r).flatMap((c) => {
    const arm = arms.find((a) => a.alias === c.alias);
    return arm && arm.weight > 0 ? [{ version: c.version, alias: c.alias, expectedShare: arm.weight }] : [];
  });
  if (served.length === 0) return [];
  const rest = 1 - served.reduce((sum, a) => sum + a.expectedShare, 0);
  const all = [{ version: r.champion, alias: "champion", expectedShare: rest }, ...served];
  // A window that mixes two splits mismatches by construction: count from the last change of shares only.
  const report = await query.report(r.program, new Date(splitSince(r)), now, ALL, all.map((a) => a.version));
  return all.map((a) => ({ ...a, exposures: report.variants.find((v) => v.version === a.version)?.exposures ?? 0 }));
}
