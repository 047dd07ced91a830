import { HttpStatusError } from "./errors.js";

/** What the SDK needs to reach the server. */
export interface HttpContext {
  fetch: typeof globalThis.fetch;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  token: string;
  requestTimeoutMs: number;
  /** Aborted when the client closes. */
  closed: AbortSignal;
}

export function authHeaders(http: HttpContext, accept: string): Record<string, string> {
  return { authorization: `Bearer ${http.token}`, accept };
}

/** A signal that fires when the client closes or the request times out. */
export function requestSignal(http: HttpContext): AbortSignal {
  return AbortSignal.any([http.closed, AbortSignal.timeout(http.requestTimeoutMs)]);
}

/** Turns an unexpected status into an error, releasing the body first. */
export async function failOnStatus(response: Response): Promise<never> {
  await response.body?.cancel().catch(() => undefined);
  throw new HttpStatusError(response.status, response.headers.get("retry-after"));
}
