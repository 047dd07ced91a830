/**
 * The sample-ratio check's arms: each served arm's expected share (the traffic
 * plan in force) and its exposures since the shares last changed. Written once:
 * the controller's SRM verdict and the rollout page's table both come from here.
 */
import { liveSrm } from "../../policy/live-srm.js";
import type { SrmStatus } from "../../policy/live-types.js";
import { activeChallengers, type Rollout } from "../types.js";
import type { RolloutState, WindowReadings } from "./reads.js";

export interface SrmArm {
  version: number;
  alias: string;
  expectedShare: number;
  exposures: number;
}

/** The arms and their expected shares; empty when no challenger is served (shadow steps, champion only): nothing to check. */
export function servedArms(r: Rollout, traffic: RolloutState["traffic"]): Array<Omit<SrmArm, "exposures">> {
  const arms = traffic?.arms ?? [];
  const served = activeChallengers(r).flatMap((c) => {
    const arm = arms.find((a) => a.alias === c.alias);
    return arm && arm.weight > 0 ? [{ version: c.version, alias: c.alias, expectedShare: arm.weight }] : [];
  });
  if (served.length === 0) return [];
  const rest = 1 - served.reduce((sum, a) => sum + a.expectedShare, 0);
  return [{ version: r.champion, alias: "champion", expectedShare: rest }, ...served];
}

/** Served arms with their exposures over the SRM window. */
export function srmArms(r: Rollout, traffic: RolloutState["traffic"], srmWindow: WindowReadings | undefined): SrmArm[] {
  return servedArms(r, traffic).map((a) => ({ ...a, exposures: srmWindow?.[a.version]?.exposures ?? 0 }));
}

/** The check itself (chi-square against the expected shares); unchecked when nothing is served. */
export function srmOf(champion: number, arms: readonly SrmArm[]): SrmStatus {
  if (arms.length === 0) return { valid: true, checked: false, reason: "SRM not checked: no challenger is served" };
  const served = arms.map((a) => a.version).filter((v) => v !== champion);
  return liveSrm({
    champion,
    challengers: served,
    metrics: {},
    readings: {},
    exposures: Object.fromEntries(arms.map((a) => [a.version, a.exposures])),
    weights: Object.fromEntries(arms.map((a) => [a.version, a.expectedShare])),
  });
}
