/**
 * The real built server on a fresh SQLite folder, for the product-scenario e2e tests: started on a
 * random port, with its bootstrap admin token, the CLI bound to it, and the HTTP API helper.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { apiFor, type Api } from "./dashboard-scenario.js";

const root = resolve(import.meta.dirname, "../..");
const cliPath = join(root, "dist/src/cli/main.js");

export interface ScenarioServer {
  url: string;
  token: string;
  dir: string;
  api: Api;
  /** Runs the real CLI against this server (as the bootstrap admin). */
  arena(...args: string[]): { code: number | null; out: string; err: string };
  /** Runs the real CLI with another principal's token. */
  arenaAs(token: string, ...args: string[]): { code: number | null; out: string; err: string };
  stop(): void;
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(env: NodeJS.ProcessEnv, args: string[]): { code: number | null; out: string; err: string } {
  const res = spawnSync(process.execPath, [cliPath, ...args], { env, encoding: "utf8" });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

export async function startScenarioServer(): Promise<ScenarioServer> {
  const dir = mkdtempSync(join(tmpdir(), "arena-scenario-"));
  let output = "";
  const server: ChildProcess = spawn(process.execPath, [cliPath, "server", "--port", "0", "--data-dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], "the server to listen", 30_000);
  const token = await waitFor(() => /export ARENA_TOKEN=(\S+)/.exec(output)?.[1], "the bootstrap token", 10_000);
  const env = { ...process.env, ARENA_URL: url, ARENA_TOKEN: token };
  return {
    url,
    token,
    dir,
    api: apiFor(url, token),
    arena: (...args: string[]) => run(env, args),
    arenaAs: (other: string, ...args: string[]) => run({ ...env, ARENA_TOKEN: other }, args),
    stop: () => void server.kill("SIGTERM"),
  };
}
