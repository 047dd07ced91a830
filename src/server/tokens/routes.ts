import { PageQuery } from "../../contracts/common.js";
import { CreatedToken, CreateTokenBody, TokenList, TokenParams, WhoAmI } from "../../contracts/tokens.js";
import type { RouteDeps } from "../http/deps.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";

export function tokenRoutes(d: RouteDeps): void {
  const { tokens } = d.services;
  defineRoute(d.app, d, {
    method: "POST", url: "/v1/tokens", tag: "tokens", summary: "Create an API token (the secret is shown once)",
    permission: "token:admin", body: CreateTokenBody, responses: { 201: CreatedToken },
    handler: async ({ body, actor, reply }) => reply.status(201).send(await tokens.create(body.name, body.roles, actor)),
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/tokens", tag: "tokens", summary: "List tokens (never their secrets)",
    permission: "token:admin", query: PageQuery, responses: { 200: TokenList },
    handler: async ({ query }) => {
      const { items, next } = page(await tokens.list(), (t) => t.id, query);
      return { tokens: items, next };
    },
  });
  defineRoute(d.app, d, {
    method: "DELETE", url: "/v1/tokens/:id", tag: "tokens", summary: "Revoke a token",
    permission: "token:admin", params: TokenParams, responses: {},
    handler: async ({ params, actor, reply }) => {
      await tokens.revoke(params.id, actor);
      return reply.status(204).send();
    },
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/whoami", tag: "tokens", summary: "The name and roles of the calling token",
    permission: "sdk:read", responses: { 200: WhoAmI },
    handler: async ({ actor }) => ({ name: actor.name, roles: actor.roles, tokenId: actor.tokenId }),
  });
}
