/**
 * Numbers behind two of the rollout page's pictures that the controller only
 * reports as one line: the sample ratio (expected vs observed share per arm in
 * the current step) and the error-budget burn rates per SLO rule and version.
 */
import type { PolicyDocument } from "../../contracts/policy.js";
import type { SloEvaluation } from "../../core/policy/slo.js";
import type { Rollout } from "../../core/rollout/types.js";
import { sloEvaluations } from "../rollouts/slo-burn.js";
import { srmArmsOf, type SrmArm } from "../rollouts/srm-window.js";
import type { Store } from "../store/store.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export type { SrmArm } from "../rollouts/srm-window.js";

/** Expected shares from the traffic plan in force, exposures since the shares last changed: the controller's own inputs. */
export async function srmArms(store: Store, query: TelemetryQuery, r: Rollout, now: Date): Promise<SrmArm[]> {
  const traffic = await store.tx((repos) => repos.traffic.get(r.program));
  return srmArmsOf(query, r, traffic, now);
}

export interface BurnRow {
  slo: string;
  objective: number;
  version: number;
  severity: "page" | "ticket";
  limit: number;
  long: string;
  short: string;
  /** null: no traffic in that window (never "not burning"). */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  fired: boolean;
  /** The controller's verdict on the rule and why (same function: src/server/rollouts/slo-burn.ts). */
  verdict: "fired" | "not_firing" | "no_data";
  reason: string;
}

/** Burn rate of each version over each SLO rule's two windows, ending now: exactly what the controller judges. */
export async function burnRows(query: TelemetryQuery, program: string, versions: number[], policy: PolicyDocument, now: Date): Promise<BurnRow[]> {
  const byVersion = new Map<number, SloEvaluation[]>();
  for (const version of versions) byVersion.set(version, await sloEvaluations(query, program, version, policy, now));
  const rows: BurnRow[] = [];
  policy.slos.forEach((slo, i) => {
    for (const version of versions) {
      const e = byVersion.get(version)?.[i];
      slo.rules.forEach((rule, j) => {
        const judged = e?.rules[j];
        rows.push({
          slo: slo.name,
          objective: slo.objective,
          version,
          severity: rule.severity,
          limit: rule.burnRate,
          long: rule.long,
          short: rule.short,
          longBurnRate: judged?.longBurnRate ?? null,
          shortBurnRate: judged?.shortBurnRate ?? null,
          fired: judged?.fired ?? false,
          verdict: judged?.verdict ?? "no_data",
          reason: judged?.reason ?? e?.reason ?? "not evaluated",
        });
      });
    }
  });
  return rows;
}
