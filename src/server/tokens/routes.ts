import { PageQuery } from "../../contracts/common.js";
import {
  CreatedToken,
  CreatePrincipalBody,
  CreateTokenBody,
  PrincipalList,
  PrincipalParams,
  PrincipalSchema,
  TokenList,
  TokenParams,
  WhoAmI,
} from "../../contracts/tokens.js";
import type { RouteDeps } from "../http/deps.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";

export function tokenRoutes(d: RouteDeps): void {
  const { tokens, principals } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/tokens",
    tag: "tokens",
    summary: "Create an API token for a principal (the secret is shown once)",
    permission: "token:admin",
    body: CreateTokenBody,
    responses: { 201: CreatedToken },
    handler: async ({ body, actor, reply }) => {
      const created = await tokens.create(body.name, body.roles, actor, body.principal);
      return reply.status(201).header("Location", `/v1/tokens/${created.id}`).send(created);
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/tokens",
    tag: "tokens",
    summary: "List tokens (never their secrets)",
    permission: "token:admin",
    query: PageQuery,
    responses: { 200: TokenList },
    handler: async ({ query }) => {
      const { items, next } = page(await tokens.list(), (t) => t.id, query);
      return { tokens: items, next };
    },
  });
  defineRoute(d.app, d, {
    method: "DELETE",
    url: "/v1/tokens/:id",
    tag: "tokens",
    summary: "Revoke a token (never the last active admin's last token: 409)",
    permission: "token:admin",
    params: TokenParams,
    responses: {},
    handler: async ({ params, actor, reply }) => {
      await tokens.revoke(params.id, actor);
      return reply.status(204).send();
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/whoami",
    tag: "tokens",
    summary: "The principal and roles of the calling token",
    permission: "sdk:read",
    responses: { 200: WhoAmI },
    handler: async ({ actor }) => ({ name: actor.name, principalId: actor.principalId, roles: actor.roles, tokenId: actor.tokenId }),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/principals",
    tag: "tokens",
    summary: "Create a principal (person or service account); system names and look-alikes are refused",
    permission: "token:admin",
    body: CreatePrincipalBody,
    responses: { 201: PrincipalSchema },
    handler: async ({ body, actor, reply }) => reply.status(201).send(await principals.create(body, actor)),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/principals",
    tag: "tokens",
    summary: "List principals",
    permission: "token:admin",
    responses: { 200: PrincipalList },
    handler: async () => ({ principals: await principals.list() }),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/principals/:principal/disable",
    tag: "tokens",
    summary: "Disable a principal and all its tokens (never the last active admin: 409)",
    permission: "token:admin",
    params: PrincipalParams,
    responses: { 200: PrincipalSchema },
    handler: async ({ params, actor }) => principals.disable(params.principal, actor),
  });
}
