import type { FastifyError, FastifyInstance } from "fastify";
import { AppError, OverloadedError } from "../errors.js";
import { TooManyFailuresError } from "./auth-throttle.js";

/** The one place errors become responses: `{ error: { code, message, details } }`. Only server errors are logged. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    // Refused before its body arrived (authentication, admission): the body is never read, so the connection cannot be reused.
    if (!request.raw.complete) reply.header("Connection", "close");
    if (error instanceof AppError) {
      if (error instanceof OverloadedError || error instanceof TooManyFailuresError)
        reply.header("Retry-After", String(error.retryAfterSeconds));
      // RFC 6750: a 401 says which scheme to use, and whether the token given was the problem.
      if (error.status === 401)
        reply.header(
          "WWW-Authenticate",
          request.headers.authorization ? 'Bearer realm="arena", error="invalid_token"' : 'Bearer realm="arena"',
        );
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
    }
    const fe = error as FastifyError;
    if (
      fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
      (fe.statusCode === 400 && error instanceof SyntaxError)
    ) {
      return reply.status(400).send({ error: { code: "invalid_json", message: `body: not valid JSON (${error.message})` } });
    }
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.status(413).send({
        error: {
          code: "body_too_large",
          message: `body: larger than the ${request.routeOptions.bodyLimit ?? 1048576} bytes this endpoint accepts`,
        },
      });
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply
        .status(415)
        .send({ error: { code: "unsupported_media_type", message: "body: send JSON with Content-Type: application/json" } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: { code: fe.code ?? "bad_request", message: error.message } });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send({ error: { code: "internal", message: "internal error; the server log has the details" } });
  });
  // Every route's pattern, so a known path with another method is a 405 that says which methods it has.
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook("onRoute", (route) => {
    const pattern = new RegExp(
      `^${route.url
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(/:[A-Za-z0-9_]+/g, "[^/]+")
        .replace(/\\\*$/, ".*")}$`,
    );
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern, methods });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))].sort();
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return reply
        .status(405)
        .header("Allow", allowed.join(", "))
        .send({
          error: { code: "method_not_allowed", message: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(", ")}` },
        });
    }
    return reply.status(404).send({ error: { code: "not_found", message: `no route ${request.method} ${path}; see /openapi.json` } });
  });
}
