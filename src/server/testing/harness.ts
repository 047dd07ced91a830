import type { Role } from "../../core/auth/roles.js";
import { buildApp, type Arena } from "../app.js";
import type { AuditSigning } from "../audit/service.js";
import { SYSTEM_ACTOR } from "../context.js";
import { MemoryStore } from "../store/memory-store.js";
import type { ServerLimits } from "../http/limits.js";
import type { Store } from "../store/store.js";

export interface Harness extends Arena {
  /** A token per role, created at start. */
  tokens: Record<Role, string>;
  /**
   * Sends a request with the given token (or none) and returns status and parsed JSON. Name the
   * answer's contract type to type the body (`h.call<Candidate>(…)`; the server checks every answer
   * against its schema under test, see http/response-check.ts); untyped calls keep the loose body
   * older tests index freely.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call<T = any>(
    method: string,
    url: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Starts Arena in-process on a store (memory by default) with one token per role. */
export async function startHarness(
  options: { store?: Store; now?: () => Date; audit?: AuditSigning; limits?: Partial<ServerLimits> } = {},
): Promise<Harness> {
  const store = options.store ?? new MemoryStore();
  // Tests drive the controller and the /metrics refresh themselves: no timers.
  // Route tests send many wrong tokens from one address on purpose: throttling is tested on its own (limits).
  const limits = { authFailuresPerWindow: 1_000_000, ...options.limits };
  const arena = await buildApp({
    store,
    ...(options.now ? { now: options.now } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    snapshotPollMs: 60_000,
    metricsRefreshMs: 0,
    controller: { everyMs: 0 },
    limits,
  });
  const roles: Role[] = ["viewer", "sdk", "operator", "approver", "admin"];
  const tokens = {} as Record<Role, string>;
  for (const role of roles) tokens[role] = (await arena.services.tokens.create(`${role}-user`, [role], SYSTEM_ACTOR)).token;
  return {
    ...arena,
    tokens,
    async call(method, url, opts = {}) {
      const token = opts.token === undefined ? tokens.admin : opts.token;
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      const payload = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      if (payload !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      const res = await arena.app.inject({ method: method as "GET", url, headers, ...(payload !== undefined ? { payload } : {}) });
      let body: unknown = null;
      try {
        body = res.body ? JSON.parse(res.body) : null;
      } catch {
        body = res.body;
      }
      return { status: res.statusCode, body: body as never, headers: res.headers };
    },
    async close() {
      await arena.app.close();
      await store.close();
    },
  };
}
