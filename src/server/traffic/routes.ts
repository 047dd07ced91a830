import { ProgramParams } from "../../contracts/common.js";
import { SetTrafficBody, TrafficPlanSchema } from "../../contracts/traffic.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { pendingOr } from "../changes/pending-reply.js";

export function trafficRoutes(d: RouteDeps): void {
  const { traffic } = d.services;
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/programs/:program/traffic", tag: "traffic", summary: "The program's traffic plan",
    permission: "read", params: ProgramParams, responses: { 200: TrafficPlanSchema },
    handler: async ({ params }) => traffic.get(params.program),
  });
  defineRoute(d.app, d, {
    method: "PUT", url: "/v1/programs/:program/traffic", tag: "traffic",
    summary: "Set the traffic plan: challenger arms (slot, weight), shadow targets, per-unit overrides",
    permission: "traffic:write", params: ProgramParams, body: SetTrafficBody, responses: { 200: TrafficPlanSchema },
    handler: async ({ params, body, actor, reply }) => pendingOr(reply, await traffic.set(params.program, body, actor)),
  });
}
