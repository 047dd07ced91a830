import { ProgramParams } from "../../contracts/common.js";
import {
  IngestResultSchema,
  MetricsReportSchema,
  SeriesSchema,
  TelemetryBatch,
  TelemetryExportPageSchema,
  TelemetryExportQuery,
  WindowQuery,
} from "../../contracts/telemetry.js";
import type { RouteDeps } from "../http/deps.js";
import { readWindowMs } from "../http/read-window.js";
import { defineRoute } from "../http/route.js";
import { exportBuckets } from "./export.js";
import { parseIngestBody } from "./ingest-body.js";

export function telemetryRoutes(d: RouteDeps): void {
  const { telemetry, telemetryQuery } = d.services;
  // Its own JSON parser (see ingest-body.ts), scoped to this route by a plugin context.
  void d.app.register(async (scoped) => {
    scoped.removeContentTypeParser("application/json");
    scoped.addContentTypeParser("application/json", { parseAs: "buffer" }, parseIngestBody);
    defineRoute(scoped, d, {
      method: "POST",
      url: "/v1/telemetry",
      tag: "telemetry",
      summary:
        "Ingest a batch of events (exposure, request, event, prediction, label, feature, aggregate); idempotent per batchId; answers after the batch is durable",
      permission: "telemetry:write",
      body: TelemetryBatch,
      responses: { 200: IngestResultSchema },
      bodyLimit: 32 * 1024 * 1024,
      // Refused before the body is read: under overload memory must not grow with queued batches.
      admission: d.ingestAdmission,
      handler: async ({ body, request }) => {
        // The parsed batch (some 10,000 objects) is garbage once aggregated: fastify must not
        // keep it alive through the commit, where the young-generation GC would copy it.
        request.body = undefined;
        return telemetry.ingest(body.batchId, body.events);
      },
    });
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/telemetry",
    tag: "telemetry",
    summary: "Per-variant SLIs over a window with their sufficient statistics (?window=1h&segment=region=eu); metrics without data say so",
    permission: "read",
    params: ProgramParams,
    query: WindowQuery,
    responses: { 200: MetricsReportSchema },
    admission: d.readAdmission,
    handler: async ({ params, query }) => {
      const to = d.now();
      return telemetryQuery.report(
        params.program,
        new Date(to.getTime() - readWindowMs(query.window, d.limits.maxReadWindowMs)),
        to,
        query.segment,
      );
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/telemetry/series",
    tag: "telemetry",
    summary: "SLIs per stored time bucket and version",
    permission: "read",
    params: ProgramParams,
    query: WindowQuery,
    responses: { 200: SeriesSchema },
    admission: d.readAdmission,
    handler: async ({ params, query }) => {
      const to = d.now();
      return {
        points: await telemetryQuery.series(
          params.program,
          new Date(to.getTime() - readWindowMs(query.window, d.limits.maxReadWindowMs)),
          to,
          query.segment,
          d.limits.maxSeriesPoints,
        ),
      };
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/telemetry/export",
    tag: "telemetry",
    summary:
      "Stored aggregate buckets (what the controller decides from), oldest first, a page at a time (?since=…&until=…&cursor=…&limit=2000): the input of `arena backtest --program`",
    permission: "read",
    params: ProgramParams,
    query: TelemetryExportQuery,
    responses: { 200: TelemetryExportPageSchema },
    admission: d.readAdmission,
    handler: async ({ params, query }) =>
      exportBuckets({ store: d.store, now: d.now, servingChanged: () => undefined }, params.program, query),
  });
}
