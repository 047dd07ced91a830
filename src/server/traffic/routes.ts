import { ProgramParams } from "../../contracts/common.js";
import { SetTrafficBody, TrafficPlanSchema } from "../../contracts/traffic.js";
import type { RouteDeps } from "../http/deps.js";
import { etagOf, ifMatchOf } from "../http/etag.js";
import { defineRoute } from "../http/route.js";
import { pendingOr } from "../changes/pending-reply.js";
import { ChangePending } from "../changes/service.js";

export function trafficRoutes(d: RouteDeps): void {
  const { traffic } = d.services;
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/traffic",
    tag: "traffic",
    summary: "The program's traffic plan",
    permission: "read",
    params: ProgramParams,
    responses: { 200: TrafficPlanSchema },
    handler: async ({ params, reply }) => {
      const plan = await traffic.get(params.program);
      reply.header("ETag", etagOf(plan));
      return plan;
    },
  });
  defineRoute(d.app, d, {
    method: "PUT",
    url: "/v1/programs/:program/traffic",
    tag: "traffic",
    summary: "Set the traffic plan: challenger arms (slot, weight), shadow targets, per-unit overrides",
    permission: "traffic:write",
    params: ProgramParams,
    body: SetTrafficBody,
    responses: { 200: TrafficPlanSchema },
    handler: async ({ params, body, actor, request, reply }) => {
      const plan = await traffic.set(params.program, body, actor, ifMatchOf(request));
      if (plan instanceof ChangePending) return pendingOr(reply, plan);
      reply.header("ETag", etagOf(plan));
      return plan;
    },
  });
}
