/**
 * GET /v1/rollouts/:id/analysis: what the controller would see if it looked
 * now (the same `observe`), for the rollout page's live comparison. Reads only.
 */
import { z } from "zod";
import { RolloutParams } from "../../contracts/rollouts.js";
import { activeChallengers, isTerminal } from "../../core/rollout/types.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { healthOf, observeRollout } from "./observe-rollout.js";
import { burnRows, srmArms } from "./rollout-detail.js";

const AnalysisSchema = z.object({
  rolloutId: z.string(),
  at: z.string(),
  /** false once the rollout ended: the last decision record is the comparison then. */
  live: z.boolean(),
  health: z.string(),
  healthReason: z.string(),
  observation: z.record(z.string(), z.unknown()).nullable(),
  srmArms: z.array(z.record(z.string(), z.unknown())),
  burn: z.array(z.record(z.string(), z.unknown())),
});

export function analysisRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/rollouts/:id/analysis", tag: "dashboard",
    summary: "The controller's live observation of a running rollout (per-challenger condition results with estimates and intervals, SRM, burn rates); reads only",
    permission: "read", params: RolloutParams, responses: { 200: AnalysisSchema },
    handler: async ({ params }) => {
      const r = await d.services.rollouts.get(params.id);
      const now = d.now();
      const base = { rolloutId: r.id, at: now.toISOString() };
      if (isTerminal(r.status)) return { ...base, live: false, health: "idle", healthReason: `rollout ${r.status.replace("_", " ")}`, observation: null, srmArms: [], burn: [] };
      const observation = await observeRollout(d.store, d.now, d.services.telemetryQuery, r);
      const policy = await d.store.tx((repos) => repos.policies.get(r.program));
      const versions = r.status === "burn_in" && r.promoted !== null ? [r.promoted] : [r.champion, ...activeChallengers(r).map((c) => c.version)];
      const { health, reason } = healthOf(r, observation);
      return {
        ...base,
        live: true,
        health,
        healthReason: reason,
        observation: observation ? { ...observation, now: observation.now.toISOString() } : null,
        srmArms: r.status === "burn_in" ? [] : await srmArms(d.store, d.services.telemetryQuery, r, now),
        burn: policy ? await burnRows(d.services.telemetryQuery, r.program, versions, policy.document, now) : [],
      };
    },
  });
}
