import { z } from "zod";
import { FreezeBody, UnfreezeQuery } from "../../contracts/rollouts.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { pendingOr } from "../changes/pending-reply.js";

const FreezeSchema = z.object({ program: z.string().nullable(), by: z.string(), reason: z.string(), at: z.string() });

export function freezeRoutes(d: RouteDeps): void {
  const { freezes } = d.services;
  defineRoute(d.app, d, {
    method: "POST", url: "/v1/freeze", tag: "freeze", summary: "Freeze promotions and ramps, globally (program null) or for one program; rollbacks still happen",
    permission: "freeze:write", body: FreezeBody, responses: { 200: FreezeSchema },
    handler: async ({ body, actor }) => freezes.freeze(body.program, body.reason, actor),
  });
  defineRoute(d.app, d, {
    method: "DELETE", url: "/v1/freeze", tag: "freeze", summary: "Lift a freeze (?program=NAME, or the global one)",
    permission: "freeze:write", query: UnfreezeQuery, responses: {},
    handler: async ({ query, actor, reply }) => {
      const pending = await freezes.unfreeze(query.program ?? null, actor);
      if (pending) return pendingOr(reply, pending);
      return reply.status(204).send();
    },
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/freeze", tag: "freeze", summary: "Freezes in force",
    permission: "read", responses: { 200: z.object({ freezes: z.array(FreezeSchema) }) },
    handler: async () => ({ freezes: await freezes.list() }),
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/notifications", tag: "notifications", summary: "Webhook deliveries, newest first (?program=NAME)",
    permission: "read", query: z.object({ program: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), responses: { 200: z.object({ notifications: z.array(z.record(z.string(), z.unknown())) }) },
    handler: async ({ query }) => ({ notifications: await d.store.tx((r) => r.notifications.list({ program: query.program, limit: query.limit })) }),
  });
}
