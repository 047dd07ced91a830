import { ProgramParams, VersionParams } from "../../contracts/common.js";
import {
  CandidateList,
  CandidateListQuery,
  CandidateSchema,
  RegisterCandidateBody,
  RetireCandidateBody,
} from "../../contracts/candidates.js";
import type { RouteDeps } from "../http/deps.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";
import { answerCreate } from "../idempotency/http.js";

export function candidateRoutes(d: RouteDeps): void {
  const { candidates } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/programs/:program/candidates",
    tag: "candidates",
    summary: "Register an immutable candidate version (artifact URI or inline config, provenance, offline metrics, checks)",
    permission: "candidate:write",
    params: ProgramParams,
    body: RegisterCandidateBody,
    responses: { 201: CandidateSchema, 200: CandidateSchema },
    handler: async ({ params, body, actor, request, reply }) =>
      answerCreate(d.services.idempotency, request, reply, actor, body, async () => {
        const { candidate, created } = await candidates.registerOrFind(params.program, body, actor);
        return {
          status: created ? 201 : 200,
          body: candidate,
          location: `/v1/programs/${encodeURIComponent(candidate.program)}/candidates/${candidate.version}`,
        };
      }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/candidates",
    tag: "candidates",
    summary: "List a program's versions",
    permission: "read",
    params: ProgramParams,
    query: CandidateListQuery,
    responses: { 200: CandidateList },
    handler: async ({ params, query }) => {
      const { items, next } = page(await candidates.list(params.program, query.status), (c) => c.version, query);
      // Inline configs may be large: a list leaves them out unless asked (?include=config).
      return { candidates: query.include === "config" ? items : items.map(({ config: _config, ...rest }) => rest), next };
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/candidates/:version",
    tag: "candidates",
    summary: "Show one version",
    permission: "read",
    params: VersionParams,
    responses: { 200: CandidateSchema },
    handler: async ({ params }) => candidates.get(params.program, params.version),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/programs/:program/candidates/:version/retire",
    tag: "candidates",
    summary: "Retire a version for good (it can never be aliased again)",
    permission: "candidate:write",
    params: VersionParams,
    body: RetireCandidateBody,
    responses: { 200: CandidateSchema },
    handler: async ({ params, body, actor }) => candidates.retire(params.program, params.version, body.reason, actor),
  });
}
