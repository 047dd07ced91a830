import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { rolesAllow, rolesGranting, type Permission } from "../../core/auth/roles.js";
import { MAX_BODY_DEPTH, tooDeepAt } from "../../contracts/json-bounds.js";
import type { Actor } from "../context.js";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../errors.js";
import type { Admission } from "./admission.js";
import { TooManyFailuresError, type AuthThrottle } from "./auth-throttle.js";
import type { OpenApiRegistry } from "./openapi.js";
import { CHECK_RESPONSES, responseChecker } from "./response-check.js";
import { ROUTE_DOCS } from "./route-docs.js";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
/** An opaque part of a schema (a record of unknown) accepts any object, interfaces included; the rest is typed field by field. */
type Loosen<T> = T extends readonly (infer E)[]
  ? readonly Loosen<E>[]
  : T extends object
    ? string extends keyof T
      ? unknown extends T[string]
        ? object
        : { [K in keyof T]: Loosen<T[K]> }
      : { [K in keyof T]: Loosen<T[K]> }
    : T;
/** What a handler may answer: a body of one of its declared response schemas, or the reply it sent itself (202, 304); a route that declares none (a stream) answers on the raw socket. */
export type Answer<R extends Record<number, Schema>> =
  { [K in keyof R]: Loosen<z.input<R[K]>> }[keyof R] | FastifyReply | (keyof R extends never ? void : never);

export interface RouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
  R extends Record<number, Schema> = Record<number, Schema>,
> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  /** Permission the caller's token needs; null for public routes (health, OpenAPI). */
  permission: Permission | null;
  params?: P;
  query?: Q;
  body?: B;
  /** Response schemas by status code: the OpenAPI document's, checked against every answer under test (response-check.ts). */
  responses: R;
  bodyLimit?: number;
  /** Admission control taken after authentication and before the body is read; released when the reply is finished. */
  admission?: Admission;
  /** Runs after authentication and admission, before the body is read. */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  handler: (input: {
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
    actor: Actor;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<Answer<R>>;
}

export type Authenticator = (secret: string) => Promise<Actor | null>;

/** Who asks and whether they may: run in onRequest, before any body byte is read. */
export interface AuthGate {
  authenticate: Authenticator;
  throttle: AuthThrottle;
}

const ANONYMOUS: Actor = { name: "anonymous", principalId: "system:anonymous", tokenId: "none", roles: [] };
const actors = new WeakMap<FastifyRequest, Actor>();
const secrets = new WeakMap<FastifyRequest, string>();

/** The authenticated actor of a request (set by the onRequest hook of defineRoute). */
export function actorOf(request: FastifyRequest): Actor {
  return actors.get(request) ?? ANONYMOUS;
}

/** The bearer secret a request authenticated with (streams re-check it to end on revocation). */
export function secretOf(request: FastifyRequest): string | null {
  return secrets.get(request) ?? null;
}

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

async function authenticate(request: FastifyRequest, gate: AuthGate): Promise<Actor> {
  const wait = await gate.throttle.blockedFor(request);
  if (wait !== null) throw new TooManyFailuresError(wait);
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const actor = match ? await gate.authenticate(match[1]!) : null;
  if (!actor) {
    await gate.throttle.failed(request);
    if (!header) throw new UnauthorizedError();
    if (!match) throw new UnauthorizedError("the Authorization header must be 'Bearer <token>'");
    throw new UnauthorizedError("the API token is unknown or revoked");
  }
  secrets.set(request, match![1]!);
  return actor;
}

/** onRequest hooks of a route, in order: authenticate and authorise, admit, then the route's own. */
function onRequestHooks(
  spec: { permission: Permission | null; admission?: Admission; onRequest?: RouteSpec<undefined, undefined, undefined>["onRequest"] },
  gate: AuthGate,
) {
  const hooks: ((request: FastifyRequest, reply: FastifyReply) => Promise<void>)[] = [];
  const permission = spec.permission;
  if (permission !== null) {
    hooks.push(async (request) => {
      const actor = await authenticate(request, gate);
      if (!rolesAllow(actor.roles, permission)) {
        throw new ForbiddenError(
          `token "${actor.name}" (roles: ${actor.roles.join(", ")}) may not ${permission}; needs one of: ${rolesGranting(permission).join(", ")}`,
        );
      }
      actors.set(request, actor);
    });
  }
  const admission = spec.admission;
  if (admission) {
    hooks.push(async (request, reply) => {
      const release = admission.admit(actorOf(request).name);
      // "close" comes after the reply is finished or when the connection dies: the slot is held for the whole batch.
      reply.raw.once("close", release);
    });
  }
  if (spec.onRequest) hooks.push(spec.onRequest);
  return hooks;
}

/** Unknown query keys are refused (a misspelt ?limt= must not silently read everything). */
function refuseUnknownQueryKeys(schema: Schema | undefined, query: unknown): void {
  const keys = Object.keys((query ?? {}) as Record<string, unknown>);
  if (keys.length === 0) return;
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : schema ? null : [];
  if (allowed === null) return;
  const unknown = keys.find((k) => !allowed.includes(k));
  if (unknown !== undefined) {
    const path = `query.${unknown}`;
    const message = allowed.length
      ? `unknown parameter; this route accepts: ${allowed.join(", ")}`
      : "unknown parameter; this route takes no query parameters";
    throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
  }
}

/** Registers a route: authentication, permission check, zod validation, and its OpenAPI entry. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Record<number, Schema> = Record<number, Schema>,
>(app: FastifyInstance, deps: { gate: AuthGate; openapi: OpenApiRegistry }, spec: RouteSpec<P, Q, B, R>): void {
  deps.openapi.add(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    onRequest: onRequestHooks(spec, deps.gate),
    ...(CHECK_RESPONSES
      ? {
          onSend: responseChecker(`${spec.method} ${spec.url}`, spec.responses, ROUTE_DOCS[`${spec.method} ${spec.url}`]?.pending === true),
        }
      : {}),
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const params = (spec.params ? parsePart(spec.params, request.params, "params") : undefined) as Out<P>;
      refuseUnknownQueryKeys(spec.query, request.query);
      const query = (spec.query ? parsePart(spec.query, request.query, "query") : undefined) as Out<Q>;
      if (spec.body && request.body === undefined) {
        throw new ValidationError("body: a JSON body is required (Content-Type: application/json)");
      }
      const deep = spec.body ? tooDeepAt(request.body, MAX_BODY_DEPTH) : null;
      if (deep) {
        // Names the top-level field; the full path of a 4,000-level value would be the whole message.
        const field = ["body", ...deep.slice(0, 1)].join(".");
        throw new ValidationError(`${field}: nested deeper than ${MAX_BODY_DEPTH} levels`, [
          { path: field, message: `nested deeper than ${MAX_BODY_DEPTH} levels` },
        ]);
      }
      const body = (spec.body ? parsePart(spec.body, request.body, "body") : undefined) as Out<B>;
      const result = await spec.handler({ params, query, body, actor, request, reply });
      if (reply.sent) return reply;
      return result;
    },
  });
}
