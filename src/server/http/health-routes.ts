import { z } from "zod";
import type { Store } from "../store/store.js";
import type { RouteDeps } from "./deps.js";
import { defineRoute } from "./route.js";

export const ARENA_VERSION = "0.1.0";

export function healthRoutes(d: RouteDeps, store: Store): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/healthz",
    tag: "health",
    summary: "Liveness: the process answers",
    permission: null,
    responses: { 200: z.object({ status: z.literal("ok") }) },
    handler: async () => ({ status: "ok" as const }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/readyz",
    tag: "health",
    summary: "Readiness: the store answers",
    permission: null,
    responses: { 200: z.object({ status: z.string(), store: z.string() }) },
    handler: async ({ reply }) => {
      try {
        await store.ping();
        return { status: "ready", store: store.kind };
      } catch (error) {
        return reply.status(503).send({ error: { code: "not_ready", message: `store unavailable: ${(error as Error).message}` } });
      }
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/openapi.json",
    tag: "health",
    summary: "This document",
    permission: null,
    responses: { 200: z.record(z.string(), z.unknown()) },
    handler: async () => d.openapi.document(ARENA_VERSION),
  });
}
