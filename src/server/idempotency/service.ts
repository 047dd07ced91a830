/**
 * `Idempotency-Key` on the POSTs that create something: a retried request (a CI job that timed
 * out, an importer that crashed) gets the first answer again instead of creating a second
 * version, program, rollout, token or freeze. Keys belong to the caller and live 24 hours.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/chain.js";
import type { Actor, ServiceContext } from "../context.js";
import { AppError, ValidationError } from "../errors.js";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyError extends AppError {}

export interface Answer {
  status: number;
  body: unknown;
  location?: string | undefined;
}

export function checkKey(key: string): string {
  if (!KEY.test(key))
    throw new ValidationError("headers.idempotency-key: must be 1 to 255 printable ASCII characters (a UUID is a good key)");
  return key;
}

export class IdempotencyService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Runs `create` once per (caller, key). Same key and same request again: the first answer,
   * marked as a replay. Same key with another request: 422. While the first is still running: 409.
   * A failed first attempt forgets the key, so the retry runs again.
   */
  async run(
    actor: Actor,
    key: string,
    request: { method: string; path: string; body: unknown },
    create: () => Promise<Answer>,
  ): Promise<Answer & { replayed: boolean }> {
    checkKey(key);
    const scope = actor.name;
    const fingerprint = createHash("sha256")
      .update(`${request.method} ${request.path} ${canonicalJson(request.body)}`)
      .digest("hex");
    const now = this.ctx.now();
    const existing = await this.ctx.store.tx(async (repos) => {
      await repos.idempotency.expire(new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString());
      const found = await repos.idempotency.get(scope, key);
      if (found) return found;
      await repos.idempotency.begin({
        scope,
        key,
        fingerprint,
        state: "pending",
        status: null,
        response: null,
        location: null,
        createdAt: now.toISOString(),
      });
      return null;
    });
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new IdempotencyError(
          422,
          "idempotency_key_reused",
          `Idempotency-Key "${key}" was used ${existing.createdAt} for a different request; use a new key for a new request`,
        );
      }
      if (existing.state === "pending" || existing.status === null) {
        throw new IdempotencyError(
          409,
          "idempotency_in_progress",
          `a request with Idempotency-Key "${key}" is still being processed (or was cut off by a server crash; it may have taken effect: check before retrying with a new key)`,
        );
      }
      return { status: existing.status, body: existing.response, location: existing.location ?? undefined, replayed: true };
    }
    let answer: Answer;
    try {
      answer = await create();
    } catch (error) {
      await this.ctx.store.tx((repos) => repos.idempotency.remove(scope, key)).catch(() => undefined);
      throw error;
    }
    await this.ctx.store.tx((repos) => repos.idempotency.finish(scope, key, answer.status, answer.body, answer.location ?? null));
    return { ...answer, replayed: false };
  }
}
