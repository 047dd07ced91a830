import { PageQuery, ProgramParams } from "../../contracts/common.js";
import { CreateProgramBody, ProgramDetail, ProgramList } from "../../contracts/programs.js";
import type { RouteDeps } from "../http/deps.js";
import { etagOf, notModified } from "../http/etag.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";
import { answerCreate } from "../idempotency/http.js";

export function programRoutes(d: RouteDeps): void {
  const { programs } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/programs",
    tag: "programs",
    summary: "Create a program (one slot with one champion)",
    permission: "program:write",
    body: CreateProgramBody,
    responses: { 201: ProgramDetail },
    handler: async ({ body, actor, request, reply }) =>
      answerCreate(d.services.idempotency, request, reply, actor, body, async () => {
        const created = await programs.create(body, actor);
        return { status: 201, body: created, location: `/v1/programs/${encodeURIComponent(created.name)}` };
      }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs",
    tag: "programs",
    summary: "List programs with their aliases and traffic",
    permission: "read",
    query: PageQuery,
    responses: { 200: ProgramList },
    handler: async ({ query }) => {
      const { items, next } = page(await programs.list(), (p) => p.name, query);
      return { programs: items, next };
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program",
    tag: "programs",
    summary: "Show a program",
    permission: "read",
    params: ProgramParams,
    responses: { 200: ProgramDetail },
    handler: async ({ params, request, reply }) => {
      const detail = await programs.get(params.program);
      const tag = etagOf(detail);
      reply.header("ETag", tag);
      if (notModified(request, tag)) return reply.status(304).send();
      return detail;
    },
  });
}
