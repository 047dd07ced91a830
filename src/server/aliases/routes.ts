import { z } from "zod";
import { AliasParams, PageQuery, ProgramParams } from "../../contracts/common.js";
import { AliasAtQuery, AliasHistory, AliasList, AliasMoveSchema, AliasResolution, AliasStateSchema, MoveAliasBody, ReasonBody } from "../../contracts/aliases.js";
import type { RouteDeps } from "../http/deps.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";

const MoveResponse = z.object({ changed: z.boolean(), alias: AliasStateSchema.nullable(), move: AliasMoveSchema.nullable() });

export function aliasRoutes(d: RouteDeps): void {
  const { aliases } = d.services;
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/programs/:program/aliases", tag: "aliases", summary: "Current aliases of a program",
    permission: "read", params: ProgramParams, responses: { 200: AliasList },
    handler: async ({ params }) => ({ aliases: await aliases.list(params.program) }),
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/programs/:program/aliases/:alias", tag: "aliases",
    summary: "Version an alias points at now, or at time ?at=ISO-8601",
    permission: "read", params: AliasParams, query: AliasAtQuery, responses: { 200: AliasResolution },
    handler: async ({ params, query }) => {
      if (query.at) return { program: params.program, alias: params.alias, at: query.at, version: await aliases.at(params.program, params.alias, new Date(query.at)) };
      const state = await aliases.get(params.program, params.alias);
      return { program: params.program, alias: params.alias, at: state.movedAt, version: state.version, movedBy: state.movedBy };
    },
  });
  defineRoute(d.app, d, {
    method: "PUT", url: "/v1/programs/:program/aliases/:alias", tag: "aliases",
    summary: "Move an alias to a version (atomic; optional compare-and-set with expectedVersion)",
    permission: "alias:write", params: AliasParams, body: MoveAliasBody, responses: { 200: MoveResponse },
    handler: async ({ params, body, actor }) => aliases.move({ ...params, version: body.version, reason: body.reason, expectedVersion: body.expectedVersion }, actor),
  });
  defineRoute(d.app, d, {
    method: "DELETE", url: "/v1/programs/:program/aliases/:alias", tag: "aliases", summary: "Unset an alias",
    permission: "alias:write", params: AliasParams, body: ReasonBody, responses: { 200: MoveResponse },
    handler: async ({ params, body, actor }) => aliases.move({ ...params, version: null, reason: body.reason }, actor),
  });
  defineRoute(d.app, d, {
    method: "POST", url: "/v1/programs/:program/aliases/:alias/rollback", tag: "aliases",
    summary: "Move an alias back to the version it pointed at before its latest move",
    permission: "alias:write", params: AliasParams, body: ReasonBody, responses: { 200: MoveResponse },
    handler: async ({ params, body, actor }) => aliases.rollback(params.program, params.alias, body.reason, actor),
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/programs/:program/aliases/:alias/history", tag: "aliases", summary: "Every move of an alias: who, when, why, from, to",
    permission: "read", params: AliasParams, query: PageQuery, responses: { 200: AliasHistory },
    handler: async ({ params, query }) => {
      const { items, next } = page(await aliases.history(params.program, params.alias), (m) => m.id, query);
      return { moves: items, next };
    },
  });
}
