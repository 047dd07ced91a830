/**
 * GET /v1/events: server-sent events for the dashboard. The token travels in
 * the Authorization header (the dashboard reads the stream with fetch, not
 * EventSource, which cannot send headers), so it never appears in a URL or a log.
 *
 *   event: hello   on connect (refetch what you show: you may have missed something)
 *   event: change  data {programs: string[] | null, rollouts: string[], source}
 *   event: tick    every 5 s: live numbers (telemetry) may have moved; also keeps proxies from closing the stream
 */
import type { ServerResponse } from "node:http";
import { DashboardEvent } from "../../contracts/dashboard.js";
import { CHECK_RESPONSES, responseProblem } from "../http/response-check.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute, secretOf } from "../http/route.js";
import { SseChannel } from "../serving/sse-channel.js";
import { SSE_HEADERS } from "../serving/routes.js";
import { ChangeWatcher } from "./change-watcher.js";

const TICK_MS = 5_000;

export function eventsRoutes(d: RouteDeps, options: { pollMs?: number; tickMs?: number } = {}): ChangeWatcher {
  const watcher = new ChangeWatcher(d.store, d.hub, options.pollMs ?? 1_000);
  const open = new Set<ServerResponse>();
  d.app.addHook("preClose", async () => {
    watcher.stop();
    for (const res of open) res.end();
    open.clear();
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/events",
    tag: "dashboard",
    summary:
      "Server-sent events for dashboards: `hello` on connect, `change` {programs, rollouts, source} when something shown changed, `tick` every 5 s",
    permission: "read",
    responses: {},
    handler: async ({ request, reply, actor }) => {
      d.streams.reserve(actor.name);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, SSE_HEADERS);
      open.add(res);
      // A dashboard that does not read gets one "hello" (refetch everything) once it catches up, not a queue of changes.
      const channel = new SseChannel(res, d.limits.streamLagCloseMs);
      const forget = d.streams.add(actor.name, secretOf(request), channel);
      let id = 0;
      const frame = ({ type, ...data }: DashboardEvent) => {
        // Under test every event is checked against its contract, as JSON answers are (response-check.ts).
        const problem = CHECK_RESPONSES ? responseProblem(DashboardEvent, { type, ...data }) : null;
        if (problem !== null) throw new Error(`a ${type} event of GET /v1/events does not match DashboardEvent: ${problem}`);
        return `event: ${type}\nid: ${++id}\ndata: ${JSON.stringify(data)}\n\n`;
      };
      const hello = (): DashboardEvent => ({ type: "hello", at: d.now().toISOString() });
      const send = (event: DashboardEvent) => channel.send(frame(event), frame(hello()));
      send(hello());
      const unsubscribe = watcher.subscribe((change) => send({ type: "change", ...change }));
      const tick = setInterval(() => send({ type: "tick", at: d.now().toISOString() }), options.tickMs ?? TICK_MS);
      const close = () => {
        clearInterval(tick);
        unsubscribe();
        forget();
        open.delete(res);
      };
      request.raw.on("close", close);
      res.on("error", close);
    },
  });
  return watcher;
}
