import { z } from "zod";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import type { ArenaExporter } from "./exporter.js";

/** GET /metrics: public like /healthz (Prometheus scrapers rarely carry bearer tokens); it shows counts, never secrets. */
export function prometheusExpositionRoutes(d: RouteDeps, exporter: ArenaExporter): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/metrics",
    tag: "health",
    summary: "Prometheus exposition (text/plain; version=0.0.4): Arena's own health and per-variant SLIs over the last 5 minutes; no token",
    permission: null,
    responses: { 200: z.string() },
    handler: async ({ reply }) => {
      const text = await exporter.render();
      return reply.type(exporter.contentType).send(text);
    },
  });
}
