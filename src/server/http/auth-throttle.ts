import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

/** 429 + Retry-After: too many failed authentications from this address. */
export class TooManyFailuresError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "too_many_failed_authentications", `too many failed authentications from this address; retry after ${retryAfterSeconds} s`);
  }
}

/** Counts failed authentications per source address (@fastify/rate-limit's store). */
export interface AuthThrottle {
  /** Seconds to wait when this address is over its limit, else null. Counts nothing. */
  blockedFor(request: FastifyRequest): Promise<number | null>;
  /** Counts one failed authentication. */
  failed(request: FastifyRequest): Promise<void>;
}

/**
 * Registers @fastify/rate-limit without a global hook: only failures are counted, and an
 * address over its limit is refused before its token is looked up (so a guess gets no answer).
 */
export async function installAuthThrottle(app: FastifyInstance, limits: { max: number; windowMs: number }): Promise<AuthThrottle> {
  await app.register(rateLimit, { global: false });
  const limiter = app.createRateLimit({ max: limits.max, timeWindow: limits.windowMs, keyGenerator: (request) => request.ip });
  return {
    async blockedFor(request) {
      const state = await limiter(request, { increment: false });
      if (state.isAllowed || state.remaining > 0) return null;
      return Math.max(1, state.ttlInSeconds);
    },
    async failed(request) {
      await limiter(request);
    },
  };
}
