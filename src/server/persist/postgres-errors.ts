import { AppError } from "../errors.js";

/** The database cannot be reached (or is shutting down): the request may be retried later. */
export class StoreUnavailableError extends AppError {
  constructor(message: string) {
    super(503, "store_unavailable", message);
  }
}

interface PgLikeError {
  code?: unknown;
  message?: unknown;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as PgLikeError | null)?.code;
  return typeof code === "string" ? code : undefined;
};

/** Serialization failure or deadlock: PostgreSQL asks the client to run the transaction again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === "40001" || code === "40P01";
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
]);
// 08xxx connection exceptions, 57P01-03 shutdown / cannot connect now, 53300 too many connections, 55P03 lock timeout.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300|55P03)$/;
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed/i;

/** True when the failure is about reaching the database, not about the unit of work itself. */
export function isUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  const message = (error as PgLikeError | null)?.message;
  return typeof message === "string" && UNAVAILABLE_MESSAGES.test(message);
}

/**
 * Wraps a connectivity failure in a 503 with a message an operator can act on; other errors
 * pass through. A failure while committing leaves the outcome unknown, and the message says so
 * (idempotent writes such as exposure batches are safe to retry either way).
 */
export function explainStoreError(error: unknown, committing: boolean): unknown {
  if (error instanceof AppError || !isUnavailable(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const outcome = committing ? "the change may or may not have been saved" : "nothing was written";
  const what = codeOf(error) === "55P03" ? "database busy: a lock stayed taken too long" : "database unavailable";
  const wrapped = new StoreUnavailableError(`${what} (${detail}); ${outcome}, retry later`);
  wrapped.cause = error;
  return wrapped;
}
