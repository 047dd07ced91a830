/**
 * GET /v1/rollouts/:id/analysis: the controller's own evaluation of a rollout
 * (the same read → evaluate), for the rollout page: observation, sample-ratio
 * arms, burn rows and health all come from one `evaluateRollout`. A finished
 * rollout is evaluated as it stood when it ended. Reads only.
 */
import { z } from "zod";
import { RolloutParams } from "../../contracts/rollouts.js";
import { isTerminal } from "../../core/rollout/types.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { evaluateForPeople, healthOf } from "./observe-rollout.js";

const AnalysisSchema = z.object({
  rolloutId: z.string(),
  at: z.string(),
  /** false once the rollout ended: the observation, arms and burn rows are then the evidence it ended on (at `evidenceAt`). */
  live: z.boolean(),
  /** When the evaluation was made: now, or the rollout's end. */
  evidenceAt: z.string().nullable(),
  health: z.string(),
  healthReason: z.string(),
  observation: z.record(z.string(), z.unknown()).nullable(),
  srmArms: z.array(z.record(z.string(), z.unknown())),
  burn: z.array(z.record(z.string(), z.unknown())),
});

export function analysisRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/rollouts/:id/analysis",
    tag: "dashboard",
    summary:
      "The controller's evaluation of a rollout (per-challenger condition results with estimates and intervals, SRM, burn rates; a finished rollout's as it ended); reads only",
    permission: "read",
    params: RolloutParams,
    responses: { 200: AnalysisSchema },
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
        observation: e ? { ...e.observation, now: e.observation.now.toISOString() } : null,
        srmArms: e?.srmArms ?? [],
        burn: e?.burn ?? [],
      };
    },
  });
}
