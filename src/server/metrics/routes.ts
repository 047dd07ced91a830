import { z } from "zod";
import { Name, ProgramParams } from "../../contracts/common.js";
import { MetricDefinitionBody, MetricList, MetricSchema, SegmentsBody } from "../../contracts/metrics.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

const MetricParams = z.object({ program: Name, metric: Name });
const MetricOut = MetricSchema;

/** Metric definitions and segment dimensions of a program (/v1/programs/:program/metrics, …/segments). */
export function metricDefinitionRoutes(d: RouteDeps): void {
  const { metrics } = d.services;
  defineRoute(d.app, d, {
    method: "PUT",
    url: "/v1/programs/:program/metrics/:metric",
    tag: "metrics",
    summary: "Define or replace a metric: kind, direction, unit, aggregation (request or unit) and source",
    permission: "program:write",
    params: MetricParams,
    body: MetricDefinitionBody,
    responses: { 200: MetricOut },
    handler: async ({ params, body, actor }) => metrics.put(params.program, params.metric, body, actor),
  });
  defineRoute(d.app, d, {
    method: "DELETE",
    url: "/v1/programs/:program/metrics/:metric",
    tag: "metrics",
    summary: "Remove a metric definition (stored telemetry stays)",
    permission: "program:write",
    params: MetricParams,
    responses: {},
    handler: async ({ params, actor, reply }) => {
      await metrics.remove(params.program, params.metric, actor);
      return reply.status(204).send();
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/metrics",
    tag: "metrics",
    summary: "A program's metric definitions",
    permission: "read",
    params: ProgramParams,
    responses: { 200: MetricList },
    handler: async ({ params }) => ({ metrics: await metrics.list(params.program) }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/segments",
    tag: "metrics",
    summary: "Segment dimensions of a program",
    permission: "read",
    params: ProgramParams,
    responses: { 200: SegmentsBody },
    handler: async ({ params }) => metrics.segments(params.program),
  });
  defineRoute(d.app, d, {
    method: "PUT",
    url: "/v1/programs/:program/segments",
    tag: "metrics",
    summary: 'Declare segment dimensions and their values (others count as "other")',
    permission: "program:write",
    params: ProgramParams,
    body: SegmentsBody,
    responses: { 200: SegmentsBody },
    handler: async ({ params, body, actor }) => metrics.putSegments(params.program, body, actor),
  });
}
