/**
 * Arena's own request metrics, from Fastify hooks: requests and durations by
 * route pattern (never the raw URL, so ids cannot explode the series count),
 * overload refusals, and what telemetry ingest accepted.
 */
import type { FastifyInstance } from "fastify";
import { Counter, Histogram, type Registry } from "prom-client";

/** Ingest endpoints whose answer is `{ duplicate, accepted, rejected[] }`. */
const INGEST_ROUTES = new Set(["/v1/telemetry", "/v1/exposures"]);

interface IngestAnswer {
  duplicate?: unknown;
  accepted?: unknown;
  rejected?: unknown;
}

export function installHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "arena_http_requests_total",
    help: "HTTP requests answered, by route pattern and status",
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: "arena_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route pattern and status",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "arena_overload_refusals_total",
    help: "Requests refused with 503 + Retry-After because Arena was at capacity",
    labelNames: ["route"],
    registers: [registry],
  });
  const events = new Counter({
    name: "arena_telemetry_events_total",
    help: "Telemetry events in fresh batches, accepted or rejected (invalid)",
    labelNames: ["endpoint", "outcome"],
    registers: [registry],
  });
  const batches = new Counter({
    name: "arena_telemetry_batches_total",
    help: "Telemetry batches, fresh or duplicate (a retry already applied)",
    labelNames: ["endpoint", "result"],
    registers: [registry],
  });

  app.addHook("onResponse", async (request, reply) => {
    // Unmatched URLs share one label: a scanner must not create a series per path.
    const route = request.routeOptions.url ?? "unmatched";
    const status = String(reply.statusCode);
    requests.inc({ method: request.method, route, status });
    durations.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    if (reply.statusCode === 503 && reply.hasHeader("retry-after")) refusals.inc({ route });
  });

  // The handler's result, before serialisation: counting it costs no re-parse.
  app.addHook("preSerialization", async (request, reply, payload: unknown) => {
    const route = request.routeOptions.url;
    if (reply.statusCode !== 200 || route === undefined || !INGEST_ROUTES.has(route) || typeof payload !== "object" || payload === null)
      return payload;
    const answer = payload as IngestAnswer;
    if (answer.duplicate === true) {
      batches.inc({ endpoint: route, result: "duplicate" });
      return payload;
    }
    batches.inc({ endpoint: route, result: "fresh" });
    if (typeof answer.accepted === "number") events.inc({ endpoint: route, outcome: "accepted" }, answer.accepted);
    if (Array.isArray(answer.rejected)) events.inc({ endpoint: route, outcome: "rejected" }, answer.rejected.length);
    return payload;
  });
}
