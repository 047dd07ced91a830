import { FreezeBody, FreezeList, FreezeSchema, NotificationList, NotificationQuery, UnfreezeQuery } from "../../contracts/rollouts.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { pendingOr } from "../changes/pending-reply.js";

export function freezeRoutes(d: RouteDeps): void {
  const { freezes } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/freeze",
    tag: "freeze",
    summary: "Freeze promotions and ramps, globally (program null) or for one program; rollbacks still happen",
    permission: "freeze:write",
    body: FreezeBody,
    responses: { 200: FreezeSchema },
    handler: async ({ body, actor }) => freezes.freeze(body.program, body.reason, actor),
  });
  defineRoute(d.app, d, {
    method: "DELETE",
    url: "/v1/freeze",
    tag: "freeze",
    summary: "Lift a freeze (?program=NAME, or the global one)",
    permission: "freeze:write",
    query: UnfreezeQuery,
    responses: {},
    handler: async ({ query, actor, reply }) => {
      const pending = await freezes.unfreeze(query.program ?? null, actor);
      if (pending) return pendingOr(reply, pending);
      return reply.status(204).send();
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/freeze",
    tag: "freeze",
    summary: "Freezes in force",
    permission: "read",
    responses: { 200: FreezeList },
    handler: async () => ({ freezes: await freezes.list() }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/notifications",
    tag: "notifications",
    summary: "Webhook deliveries, newest first (?program=NAME)",
    permission: "read",
    query: NotificationQuery,
    responses: { 200: NotificationList },
    handler: async ({ query }) => ({
      notifications: await d.store.tx((r) => r.notifications.list({ program: query.program, limit: query.limit })),
    }),
  });
}
