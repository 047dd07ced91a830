import { ProgramParams } from "../../contracts/common.js";
import { ExposureBatch, ExposureBatchResult, ExposureCounts, ExposureCountsQuery } from "../../contracts/exposures.js";
import type { RouteDeps } from "../http/deps.js";
import { readWindowMs } from "../http/read-window.js";
import { defineRoute } from "../http/route.js";

export function exposureRoutes(d: RouteDeps): void {
  const { exposures, programs } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/exposures",
    tag: "telemetry",
    summary: "Ingest a batch of exposures (idempotent per batchId; bad events are listed by index, good ones kept)",
    permission: "telemetry:write",
    body: ExposureBatch,
    responses: { 200: ExposureBatchResult },
    bodyLimit: 16 * 1024 * 1024,
    admission: d.ingestAdmission,
    handler: async ({ body }) => exposures.ingest(body.batchId, body.exposures, body.dropped),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/exposures",
    tag: "telemetry",
    summary: "Exposures per alias and version over a window (?window=1h)",
    permission: "read",
    params: ProgramParams,
    query: ExposureCountsQuery,
    responses: { 200: ExposureCounts },
    admission: d.readAdmission,
    handler: async ({ params, query }) => {
      await programs.get(params.program);
      return exposures.totals(params.program, readWindowMs(query.window, d.limits.maxReadWindowMs));
    },
  });
}
