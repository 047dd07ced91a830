import { z } from "zod";
import { snapshotEtag } from "../../core/assignment/snapshot.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

const SnapshotSchema = z.object({ revision: z.number(), generatedAt: z.string(), programs: z.record(z.string(), z.unknown()) });
const HEARTBEAT_MS = 15_000;

export function servingRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/sdk/snapshot", tag: "sdk",
    summary: "Everything an SDK needs to resolve locally; send If-None-Match with the last ETag to get 304 when unchanged",
    permission: "sdk:read", responses: { 200: SnapshotSchema },
    handler: async ({ request, reply }) => {
      const { snapshot, serialized } = await d.hub.get();
      const etag = snapshotEtag(snapshot.revision);
      reply.header("ETag", etag).header("Cache-Control", "no-cache");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.type("application/json").send(serialized);
    },
  });

  defineRoute(d.app, d, {
    method: "GET", url: "/v1/sdk/stream", tag: "sdk",
    summary: "Server-sent events: `event: snapshot` on connect and after every change; `: ping` every 15 s",
    permission: "sdk:read", responses: {},
    handler: async ({ request, reply }) => {
      const { snapshot, serialized } = await d.hub.get();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      let lastSent = -1;
      const send = (revision: number, data: string) => {
        if (revision <= lastSent) return;
        lastSent = revision;
        res.write(`event: snapshot\nid: ${revision}\ndata: ${data}\n\n`);
      };
      send(snapshot.revision, serialized);
      const unsubscribe = d.hub.subscribe({ send: (s, text) => send(s.revision, text), end: () => res.end() });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on("close", close);
      res.on("error", close);
    },
  });
}
