import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { rolesAllow, rolesGranting, type Permission } from "../../core/auth/roles.js";
import type { Actor } from "../context.js";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../errors.js";
import type { OpenApiRegistry } from "./openapi.js";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  /** Permission the caller's token needs; null for public routes (health, OpenAPI). */
  permission: Permission | null;
  params?: P;
  query?: Q;
  body?: B;
  /** Response schemas by status code, for the OpenAPI document. */
  responses: Record<number, Schema>;
  bodyLimit?: number;
  /** Runs before the body is read (e.g. admission control that must not buffer a body it will refuse). */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  handler: (input: { params: Out<P>; query: Out<Q>; body: Out<B>; actor: Actor; request: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
}

export type Authenticator = (secret: string) => Promise<Actor | null>;

const ANONYMOUS: Actor = { name: "anonymous", principalId: "system:anonymous", tokenId: "none", roles: [] };

/** Parses one part of the request, turning zod issues into a 400 that names the field and the rule. */
function parsePart<S extends Schema>(schema: S, value: unknown, location: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const first = details[0]!;
  throw new ValidationError(`${first.path}: ${first.message}`, details);
}

async function authenticate(request: FastifyRequest, authenticator: Authenticator): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header) throw new UnauthorizedError();
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError("the Authorization header must be 'Bearer <token>'");
  const actor = await authenticator(match[1]!);
  if (!actor) throw new UnauthorizedError("the API token is unknown or revoked");
  return actor;
}

/** Registers a route: authentication, permission check, zod validation, and its OpenAPI entry. */
export function defineRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  app: FastifyInstance,
  deps: { authenticate: Authenticator; openapi: OpenApiRegistry },
  spec: RouteSpec<P, Q, B>,
): void {
  deps.openapi.add(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.onRequest ? { onRequest: spec.onRequest } : {}),
    handler: async (request, reply) => {
      let actor = ANONYMOUS;
      if (spec.permission !== null) {
        actor = await authenticate(request, deps.authenticate);
        if (!rolesAllow(actor.roles, spec.permission)) {
          throw new ForbiddenError(
            `token "${actor.name}" (roles: ${actor.roles.join(", ")}) may not ${spec.permission}; needs one of: ${rolesGranting(spec.permission).join(", ")}`,
          );
        }
      }
      const params = (spec.params ? parsePart(spec.params, request.params, "params") : undefined) as Out<P>;
      const query = (spec.query ? parsePart(spec.query, request.query, "query") : undefined) as Out<Q>;
      if (spec.body && request.body === undefined) {
        throw new ValidationError("body: a JSON body is required (Content-Type: application/json)");
      }
      const body = (spec.body ? parsePart(spec.body, request.body, "body") : undefined) as Out<B>;
      const result = await spec.handler({ params, query, body, actor, request, reply });
      if (reply.sent) return reply;
      return result;
    },
  });
}
