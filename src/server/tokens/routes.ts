import { CreatedToken, CreateTokenBody, TokenList, TokenParams, WhoAmI } from "../../contracts/tokens.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

export function tokenRoutes(d: RouteDeps): void {
  const { tokens } = d.services;
  defineRoute(d.app, d, {
    method: "POST", url: "/v1/tokens", tag: "tokens", summary: "Create an API token (the secret is shown once)",
    permission: "token:admin", body: CreateTokenBody, responses: { 201: CreatedToken },
    handler: async ({ body, actor, reply }) => {
      const created = await tokens.create(body.name, body.roles, actor);
      return reply.status(201).header("Location", `/v1/tokens/${created.id}`).send(created);
    },
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/tokens", tag: "tokens", summary: "List tokens (never their secrets)",
    permission: "token:admin", responses: { 200: TokenList },
    handler: async () => ({ tokens: await tokens.list() }),
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
