/** The crash-safety test's server process (SIGKILLed and restarted on the same folder) and its retrying API client. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `arena server` in its own process; SIGKILLed and started again on the same folder. */
export class CrashingServer {
  private child: ChildProcess | null = null;
  private ready: Promise<string> | null = null;
  token = "";
  output = "";
  starts = 0;
  kills = 0;
  /** Created on the first start (not when the file is collected) and kept for every restart. */
  dir = "";

  start(): Promise<string> {
    this.starts++;
    this.dir ||= mkdtempSync(join(tmpdir(), "arena-crash-"));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "server", "--port", "0", "--data-dir", this.dir], {
      cwd: root,
      env: { ...process.env, ARENA_CONTROLLER_TICK_MS: "250" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let out = "";
    this.ready = new Promise<string>((done, fail) => {
      const seen = (chunk: Buffer) => {
        out += chunk.toString();
        this.output = `${this.output}${chunk.toString()}`.slice(-20_000);
        // Printed on the first start only: the same data dir keeps the same admin.
        this.token ||= /export ARENA_TOKEN=(\S+)/.exec(out)?.[1] ?? "";
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (url) done(url);
      };
      child.stdout!.on("data", seen);
      child.stderr!.on("data", seen);
      child.once("exit", (code, signal) => fail(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
    });
    return this.ready;
  }

  /** The URL of the live server, waiting while it restarts. */
  url(): Promise<string> {
    return this.ready!;
  }

  async kill(): Promise<void> {
    const child = this.child!;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    this.kills++;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

export class Api {
  retries = 0;
  /** Writes on the wire right now; the chaos loop aims some of its kills at them. */
  writes = 0;
  constructor(private readonly server: CrashingServer) {}

  /** One attempt: status and JSON, or null when the server was not there (killed, restarting). */
  async once<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T } | null> {
    const url = await this.server.url().catch(() => null);
    if (!url) return null;
    const write = method !== "GET";
    if (write) this.writes++;
    try {
      const res = await fetch(new URL(path, url), {
        method,
        headers: { authorization: `Bearer ${this.server.token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    } catch {
      return null;
    } finally {
      if (write) this.writes--;
    }
  }

  /** Retries through crashes (and 503 overload) until the server answers; for idempotent requests only. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (;;) {
      const res = await this.once<T>(method, path, body);
      if (res && res.status !== 503) {
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      }
      this.retries++;
      await sleep(100);
    }
  }
}
