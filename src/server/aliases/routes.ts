import { AliasParams, PageQuery, ProgramParams } from "../../contracts/common.js";
import {
  AliasAtQuery,
  AliasHistory,
  AliasList,
  AliasMoveResult,
  AliasResolution,
  MoveAliasBody,
  ReasonBody,
} from "../../contracts/aliases.js";
import { ConflictError, ValidationError } from "../errors.js";
import type { RouteDeps } from "../http/deps.js";
import { PreconditionFailedError, ifMatchOf } from "../http/etag.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";
import { pendingOr } from "../changes/pending-reply.js";
import { ChangePending } from "../changes/service.js";

/** An alias's entity tag names the version it points at: If-Match "v3" is compare-and-set on v3. */
export const aliasEtag = (version: number | null) => (version === null ? null : `"v${version}"`);

/** The version an If-Match header expects, or undefined without one. */
function expectedFromIfMatch(ifMatch: "*" | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = ifMatch === "*" || ifMatch.length !== 1 ? null : /^"v(\d+)"$/.exec(ifMatch[0]!);
  if (!match) throw new ValidationError('headers.if-match: an alias takes one tag, the ETag of its GET (e.g. "v3")');
  return Number(match[1]);
}

const MoveResponse = AliasMoveResult;

export function aliasRoutes(d: RouteDeps): void {
  const { aliases } = d.services;
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/aliases",
    tag: "aliases",
    summary: "Current aliases of a program",
    permission: "read",
    params: ProgramParams,
    responses: { 200: AliasList },
    handler: async ({ params }) => ({ aliases: await aliases.list(params.program) }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/aliases/:alias",
    tag: "aliases",
    summary: "Version an alias points at now, or at time ?at=ISO-8601",
    permission: "read",
    params: AliasParams,
    query: AliasAtQuery,
    responses: { 200: AliasResolution },
    handler: async ({ params, query, reply }) => {
      if (query.at)
        return {
          program: params.program,
          alias: params.alias,
          at: query.at,
          version: await aliases.at(params.program, params.alias, new Date(query.at)),
        };
      const state = await aliases.get(params.program, params.alias);
      const tag = aliasEtag(state.version);
      if (tag) reply.header("ETag", tag);
      return { program: params.program, alias: params.alias, at: state.movedAt, version: state.version, movedBy: state.movedBy };
    },
  });
  defineRoute(d.app, d, {
    method: "PUT",
    url: "/v1/programs/:program/aliases/:alias",
    tag: "aliases",
    summary: "Move an alias to a version (atomic; optional compare-and-set with expectedVersion)",
    permission: "alias:write",
    params: AliasParams,
    body: MoveAliasBody,
    responses: { 200: MoveResponse },
    handler: async ({ params, body, actor, request, reply }) => {
      const fromHeader = expectedFromIfMatch(ifMatchOf(request));
      if (fromHeader !== undefined && body.expectedVersion !== undefined && body.expectedVersion !== fromHeader) {
        throw new ValidationError(
          `body.expectedVersion: ${body.expectedVersion} disagrees with If-Match (v${fromHeader}); send one of them`,
        );
      }
      try {
        const result = await aliases.move(
          { ...params, version: body.version, reason: body.reason, expectedVersion: fromHeader ?? body.expectedVersion },
          actor,
        );
        if (result instanceof ChangePending) return pendingOr(reply, result);
        const tag = aliasEtag(result.alias?.version ?? null);
        if (tag) reply.header("ETag", tag);
        return result;
      } catch (error) {
        // The same compare-and-set; asked for through If-Match, its failure is the HTTP precondition's.
        if (fromHeader !== undefined && error instanceof ConflictError && error.code === "alias_moved")
          throw new PreconditionFailedError(error.message);
        throw error;
      }
    },
  });
  defineRoute(d.app, d, {
    method: "DELETE",
    url: "/v1/programs/:program/aliases/:alias",
    tag: "aliases",
    summary: "Unset an alias",
    permission: "alias:write",
    params: AliasParams,
    body: ReasonBody,
    responses: { 200: MoveResponse },
    handler: async ({ params, body, actor, reply }) =>
      pendingOr(reply, await aliases.move({ ...params, version: null, reason: body.reason }, actor)),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/programs/:program/aliases/:alias/rollback",
    tag: "aliases",
    summary: "Move an alias back to the version it pointed at before its latest move",
    permission: "alias:write",
    params: AliasParams,
    body: ReasonBody,
    responses: { 200: MoveResponse },
    handler: async ({ params, body, actor }) => aliases.rollback(params.program, params.alias, body.reason, actor),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/aliases/:alias/history",
    tag: "aliases",
    summary: "Every move of an alias: who, when, why, from, to",
    permission: "read",
    params: AliasParams,
    query: PageQuery,
    responses: { 200: AliasHistory },
    handler: async ({ params, query }) => {
      const { items, next } = page(await aliases.history(params.program, params.alias), (m) => m.id, query);
      return { moves: items, next };
    },
  });
}
