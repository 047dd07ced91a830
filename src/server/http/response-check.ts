/**
 * Response schemas that are real: under test (vitest sets VITEST; ARENA_CHECK_RESPONSES=1 turns it
 * on anywhere, =0 off) every JSON answer of a defined route is parsed with the schema the route
 * declares for its status — the one the OpenAPI document publishes — and must come out unchanged:
 * a missing or mistyped field, or a field the schema does not name, turns the answer into a 500
 * that says where the answer and its schema part, so the test that made the request fails.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { ErrorBody } from "../../contracts/common.js";
import { PendingAnswer } from "../../contracts/changes.js";

const flag = process.env.ARENA_CHECK_RESPONSES;
export const CHECK_RESPONSES = flag === "1" || (flag !== "0" && process.env.VITEST !== undefined);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/** Where what was sent and what its schema reads it as part (a field the schema strips, adds or changes), or null. */
export function drift(sent: unknown, parsed: unknown, path = "body"): string | null {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    for (let i = 0; i < sent.length; i++) {
      const d = drift(sent[i], parsed[i], `${path}.${i}`);
      if (d) return d;
    }
    return sent.length === parsed.length ? null : `${path}: ${sent.length} items answered, ${parsed.length} read`;
  }
  if (isRecord(sent) && isRecord(parsed)) {
    for (const k of Object.keys(sent)) if (!(k in parsed)) return `${path}.${k}: answered but not in the schema`;
    for (const k of Object.keys(parsed)) if (!(k in sent)) return `${path}.${k}: in the schema (a default) but not answered`;
    for (const k of Object.keys(sent)) {
      const d = drift(sent[k], parsed[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(sent, parsed) ? null : `${path}: answered ${show(sent)}, the schema reads ${show(parsed)}`;
}

/** Why a JSON answer does not fit its schema, or null when it does. */
export function responseProblem(schema: z.ZodType, body: unknown): string | null {
  const result = schema.safeParse(body);
  if (!result.success) return result.error.issues.map((i) => `${["body", ...i.path.map(String)].join(".")}: ${i.message}`).join("; ");
  return drift(body, result.data);
}

/** The route's onSend hook: checks each JSON answer against the schema for its status. */
export function responseChecker(route: string, responses: Record<number, z.ZodType>, pending: boolean) {
  return async (_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (typeof payload !== "string" || payload === "" || !String(reply.getHeader("content-type") ?? "").startsWith("application/json"))
      return payload;
    const status = reply.statusCode;
    const schema = responses[status] ?? (status === 202 && pending ? PendingAnswer : status >= 400 ? ErrorBody : undefined);
    const problem = schema ? responseProblem(schema, JSON.parse(payload)) : `status ${status} is not declared in the route's responses`;
    if (problem === null) return payload;
    const message = `the ${status} answer of ${route} does not match its response schema: ${problem}`;
    console.error(message);
    reply.code(500);
    return JSON.stringify({ error: { code: "internal", message } });
  };
}
