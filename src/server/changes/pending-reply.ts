import type { FastifyReply } from "fastify";
import { ChangePending } from "./service.js";

/**
 * A direct call whose change must be approved answers 202 Accepted with the change request
 * (and what it needs), so no client mistakes it for an applied change.
 */
export function pendingOr<T>(reply: FastifyReply, result: T): Exclude<T, ChangePending> | FastifyReply {
  if (!(result instanceof ChangePending)) return result as Exclude<T, ChangePending>;
  return reply.status(202).send({ applied: false, message: result.message, changeRequest: result.changeRequest });
}
