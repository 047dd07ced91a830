/**
 * The hostile-input suite's server: the real Arena HTTP server (fastify on a real socket, port 0)
 * on a fresh SQLite file, with one token per role, and raw-socket clients that misbehave.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "../../src/core/auth/roles.js";
import { buildApp, type Arena } from "../../src/server/app.js";
import { SYSTEM_ACTOR } from "../../src/server/context.js";
import type { ServerLimits } from "../../src/server/http/limits.js";
import { SqliteStore } from "../../src/server/store/sqlite-store.js";

export interface HostileServer extends Arena {
  url: string;
  port: number;
  tokens: Record<Role, string>;
  dir: string;
  /** A JSON call; `token: null` sends none. */
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Another token with the given roles (its own principal). */
  token(name: string, roles: Role[]): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function startHostileServer(limits: Partial<ServerLimits> = {}): Promise<HostileServer> {
  const dir = mkdtempSync(join(tmpdir(), "arena-hostile-"));
  const store = new SqliteStore(join(dir, "arena.db"));
  const arena = await buildApp({ store, limits, snapshotPollMs: 60_000, metricsRefreshMs: 0, controller: { everyMs: 0 } });
  await arena.app.listen({ host: "127.0.0.1", port: 0 });
  const address = arena.app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const token = async (name: string, roles: Role[]) => {
    const created = await arena.services.tokens.create(name, roles, SYSTEM_ACTOR);
    return { id: created.id, token: created.token };
  };
  const tokens = {} as Record<Role, string>;
  for (const role of ["viewer", "sdk", "operator", "approver", "admin"] as Role[])
    tokens[role] = (await token(`${role}-user`, [role])).token;
  return {
    ...arena,
    url,
    port,
    tokens,
    dir,
    token,
    async call(method, path, options = {}) {
      const secret = options.token === undefined ? tokens.admin : options.token;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (secret) headers.authorization = `Bearer ${secret}`;
      if (options.body !== undefined) headers["content-type"] ??= "application/json";
      const res = await fetch(new URL(path, url), {
        method,
        headers,
        ...(options.body !== undefined ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body, headers: res.headers };
    },
    async close() {
      await arena.app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A client that sends request headers and then trickles its body; `response` resolves with what came back. */
export class TrickleClient {
  readonly socket: Socket;
  received = "";
  readonly closed: Promise<void>;
  private timer: NodeJS.Timeout | null = null;

  constructor(port: number, head: { method: string; path: string; token?: string; contentLength: number }, everyMs = 2_000) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => (this.received += chunk));
    this.socket.on("error", () => undefined);
    this.closed = new Promise((done) => this.socket.once("close", () => done()));
    const auth = head.token ? `Authorization: Bearer ${head.token}\r\n` : "";
    this.socket.write(
      `${head.method} ${head.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${auth}Content-Length: ${head.contentLength}\r\n\r\n{`,
    );
    this.timer = setInterval(() => this.socket.writable && this.socket.write(" "), everyMs);
  }

  /** The status code of the answer, once one arrived. */
  get status(): number | null {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.received);
    return match ? Number(match[1]) : null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket.destroy();
  }
}

/** Polls `probe` until it returns a value other than undefined/null/false; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A telemetry batch of `n` request events for `program` v1. */
export function requestBatch(batchId: string, program: string, n: number): { batchId: string; events: unknown[] } {
  const at = new Date().toISOString();
  return {
    batchId,
    events: Array.from({ length: n }, (_, i) => ({
      type: "request",
      program,
      version: 1,
      success: i % 10 !== 0,
      latencyMs: 50 + (i % 40),
      at,
    })),
  };
}
