/**
 * GET /v1/rollouts/:id/analysis: the controller's own evaluation of a rollout
 * (the same read → evaluate), for the rollout page: observation, sample-ratio
 * arms, burn rows and health all come from one `evaluateRollout`. A finished
 * rollout is evaluated as it stood when it ended. Reads only.
 */
import type { z } from "zod";
import { RolloutAnalysis, type ObservationSchema } from "../../contracts/dashboard-analysis.js";
import { RolloutParams } from "../../contracts/rollouts.js";
import type { Observation } from "../../core/rollout/observation.js";
import { isTerminal } from "../../core/rollout/types.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { evaluateForPeople, healthOf } from "./observe-rollout.js";

/** The observation as JSON. Its results are the policy engine's full condition results, which `Observation` types opaquely. */
const observationJson = (o: Observation) => ({ ...o, now: o.now.toISOString() }) as z.input<typeof ObservationSchema>;

export function analysisRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/rollouts/:id/analysis",
    tag: "dashboard",
    summary:
      "The controller's evaluation of a rollout (per-challenger condition results with estimates and intervals, SRM, burn rates; a finished rollout's as it ended); reads only",
    permission: "read",
    params: RolloutParams,
    responses: { 200: RolloutAnalysis },
    handler: async ({ params }) => {
      const r = await d.services.rollouts.get(params.id);
      const e = await evaluateForPeople(d.store, d.now, d.services.telemetryQuery, r);
      const { health, reason } = e?.health ?? healthOf(r, null);
      return {
        rolloutId: r.id,
        at: d.now().toISOString(),
        live: !isTerminal(r.status),
        evidenceAt: e ? e.at.toISOString() : null,
        health,
        healthReason: reason,
        observation: e ? observationJson(e.observation) : null,
        srmArms: e?.srmArms ?? [],
        burn: e?.burn ?? [],
      };
    },
  });
}
