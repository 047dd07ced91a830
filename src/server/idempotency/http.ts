import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../context.js";
import type { Answer, IdempotencyService } from "./service.js";

/**
 * Answers a creating POST, honouring `Idempotency-Key` when the request carries one:
 * a replay is the first answer again with `Idempotent-Replayed: true`.
 */
export async function answerCreate(
  idempotency: IdempotencyService,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  body: unknown,
  create: () => Promise<Answer>,
): Promise<FastifyReply> {
  const header = request.headers["idempotency-key"];
  const key = Array.isArray(header) ? header.join(",") : header;
  const answer =
    key === undefined
      ? { ...(await create()), replayed: false }
      : await idempotency.run(actor, key, { method: request.method, path: request.url.split("?")[0]!, body }, create);
  if (answer.location) reply.header("Location", answer.location);
  if (key !== undefined) reply.header("Idempotent-Replayed", String(answer.replayed));
  return reply.status(answer.status).send(answer.body);
}
