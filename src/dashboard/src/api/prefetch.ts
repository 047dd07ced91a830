/**
 * The first page's first request, started before React is even evaluated: the
 * entry chunk is tiny and the app arrives by dynamic import, so the answer is
 * on its way while the browser compiles React (about half of a cold load).
 */
import { api, enc } from "./client.js";
import { storedToken } from "./session.js";

const pending = new Map<string, Promise<unknown>>();

export function prefetchFirstPage(pathname: string): void {
  if (!storedToken()) return;
  const rollout = /^\/rollouts\/([^/]+)$/.exec(pathname);
  const path = pathname === "/" ? "/v1/dashboard/overview" : rollout ? `/v1/rollouts/${enc(decodeURIComponent(rollout[1]!))}` : null;
  if (!path) return;
  const request = api(path);
  // Nobody may take it (the page changed first): that must not be an unhandled rejection.
  request.catch(() => undefined);
  pending.set(path, request);
}

/** The prefetched answer, once; later loads of the same data fetch afresh. */
export function takePrefetched<T>(path: string): Promise<T> | null {
  const request = pending.get(path);
  pending.delete(path);
  return (request as Promise<T> | undefined) ?? null;
}
