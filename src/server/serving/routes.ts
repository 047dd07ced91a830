import { z } from "zod";
import { snapshotEtag } from "../../core/assignment/snapshot.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute, secretOf } from "../http/route.js";
import { SseChannel } from "./sse-channel.js";

const SnapshotSchema = z.object({ revision: z.number(), generatedAt: z.string(), programs: z.record(z.string(), z.unknown()) });
const HEARTBEAT_MS = 15_000;

/** Response headers of a server-sent-events stream. */
export const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-store, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

export function servingRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/sdk/snapshot",
    tag: "sdk",
    summary: "Everything an SDK needs to resolve locally; send If-None-Match with the last ETag to get 304 when unchanged",
    permission: "sdk:read",
    responses: { 200: SnapshotSchema },
    handler: async ({ request, reply }) => {
      const { snapshot, serialized } = await d.hub.get();
      const etag = snapshotEtag(snapshot.revision);
      // no-store: the snapshot holds configs; the SDK keeps the ETag itself and revalidates with If-None-Match.
      reply.header("ETag", etag).header("Cache-Control", "no-store");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.type("application/json").send(serialized);
    },
  });

  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/sdk/stream",
    tag: "sdk",
    summary:
      "Server-sent events: `event: snapshot` on connect and after every change (a client that is behind gets only the newest); `: ping` every 15 s",
    permission: "sdk:read",
    responses: {},
    handler: async ({ request, reply, actor }) => {
      d.streams.reserve(actor.name);
      const first = await d.hub.get();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, SSE_HEADERS);
      const channel = new SseChannel(res, d.limits.streamLagCloseMs);
      let lastSent = -1;
      const send = (revision: number, frame: Buffer) => {
        if (revision <= lastSent) return;
        lastSent = revision;
        channel.send(frame);
      };
      send(first.snapshot.revision, first.frame);
      const forget = d.streams.add(actor.name, secretOf(request), channel);
      const unsubscribe = d.hub.subscribe({ send: (current) => send(current.snapshot.revision, current.frame), end: () => channel.end() });
      const heartbeat = setInterval(() => channel.ping(), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        forget();
      };
      res.once("close", close);
      res.on("error", close);
    },
  });
}
