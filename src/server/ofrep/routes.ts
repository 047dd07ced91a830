import type { FastifyError, FastifyInstance } from "fastify";
import { targetingKeyProblem } from "../../sdk/flag-evaluation.js";
import { AppError } from "../errors.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { bulkEtag, etagMatches, OfrepEvaluator } from "./evaluate.js";
import { OfrepBulkFailure, OfrepBulkSuccess, OfrepFailure, OfrepKeyParams, OfrepRequest, OfrepSuccess } from "./shapes.js";

/** An evaluation context is small; a larger body is refused before it is read in full. */
const BODY_LIMIT = 64 * 1024;

/** The context of an OFREP body, or the OFREP error for a body that has none. */
function contextOf(
  body: unknown,
): { context: Record<string, unknown> } | { errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { errorCode: "PARSE_ERROR", errorDetails: 'body: send a JSON object { "context": { "targetingKey": "…" } }' };
  const parsed = OfrepRequest.safeParse(body);
  if (!parsed.success) return { errorCode: "INVALID_CONTEXT", errorDetails: "body.context: must be an object holding the targetingKey" };
  return { context: parsed.data.context };
}

/**
 * OFREP errors keep OFREP's shapes ({ key?, errorCode, errorDetails }) inside this scope, so an
 * OFREP client reads them: bad JSON is a PARSE_ERROR. Auth failures keep their 401/403.
 */
function installOfrepErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const key = (request.params as { key?: string } | undefined)?.key;
    const withKey = key === undefined ? {} : { key };
    // OFREP defines no body for 401 and 403: they keep Arena's error shape, like every other route.
    if (error instanceof AppError && (error.status === 401 || error.status === 403))
      return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
    if (error instanceof AppError)
      return reply
        .status(error.status)
        .send({ ...withKey, errorCode: error.status === 400 ? "INVALID_CONTEXT" : "GENERAL", errorDetails: error.message });
    const fe = error as FastifyError;
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      const parse = fe.statusCode === 400 || fe.statusCode === 415;
      return reply
        .status(fe.statusCode)
        .send({ ...withKey, errorCode: parse ? "PARSE_ERROR" : "GENERAL", errorDetails: `body: ${error.message}` });
    }
    request.log.error({ err: error }, "unhandled error in OFREP");
    return reply.status(500).send({ ...withKey, errorCode: "GENERAL", errorDetails: "internal error; the server log has the details" });
  });
}

/** OFREP (OpenFeature Remote Evaluation Protocol) single and bulk evaluation, for the sdk role. */
export function ofrepRoutes(d: RouteDeps): void {
  const evaluator = new OfrepEvaluator(async () => (await d.hub.get()).snapshot);
  void d.app.register(async (scope) => {
    installOfrepErrors(scope);
    defineRoute(scope, d, {
      method: "POST",
      url: "/ofrep/v1/evaluate/flags/:key",
      tag: "openfeature",
      bodyLimit: BODY_LIMIT,
      summary:
        "OFREP single evaluation: flag key = program (or program:version, program:config), context.targetingKey = unit id; no exposure is recorded",
      permission: "sdk:read",
      params: OfrepKeyParams,
      responses: { 200: OfrepSuccess, 400: OfrepFailure, 404: OfrepFailure, 413: OfrepFailure, 415: OfrepFailure },
      handler: async ({ params, request, reply }) => {
        const parsed = contextOf(request.body);
        if ("errorCode" in parsed) return reply.status(400).send({ key: params.key, ...parsed });
        const { status, body } = await evaluator.single(params.key, parsed.context.targetingKey);
        return reply.status(status).header("Cache-Control", "no-store").send(body);
      },
    });
    defineRoute(scope, d, {
      method: "POST",
      url: "/ofrep/v1/evaluate/flags",
      tag: "openfeature",
      bodyLimit: BODY_LIMIT,
      summary: "OFREP bulk evaluation of every program for context.targetingKey; ETag per revision and unit, If-None-Match gives 304",
      permission: "sdk:read",
      responses: { 200: OfrepBulkSuccess, 400: OfrepBulkFailure, 413: OfrepBulkFailure, 415: OfrepBulkFailure },
      handler: async ({ request, reply }) => {
        const parsed = contextOf(request.body);
        if ("errorCode" in parsed) return reply.status(400).send(parsed);
        const targetingKey = parsed.context.targetingKey;
        const problem = targetingKeyProblem(targetingKey);
        if (problem !== null) return reply.status(400).send({ errorCode: problem.errorCode, errorDetails: problem.errorMessage });
        const { revision, flags } = await evaluator.bulk(targetingKey as string);
        const etag = bulkEtag(revision, targetingKey as string);
        reply.header("ETag", etag).header("Cache-Control", "no-cache");
        if (etagMatches(request.headers["if-none-match"], etag)) return reply.status(304).send();
        return reply.send({ flags, metadata: { revision } });
      },
    });
  });
}
