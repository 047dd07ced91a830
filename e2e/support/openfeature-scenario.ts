/**
 * The programs the OpenFeature and OFREP tests evaluate: "checkout" with a champion and a
 * challenger at 30 % (artifacts and config payloads), "dark-mode" as a boolean flag (configs
 * false / true, challenger at 50 %), and "bare" without a champion.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startServer, type RunningServer } from "../../src/server/runtime/start.js";

const run = promisify(execFile);

export type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

async function must(call: Call, method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await call(method, url, body);
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function setUpFlagPrograms(call: Call): Promise<void> {
  await must(call, "POST", "/v1/programs", { name: "checkout", owners: ["web"] });
  await must(call, "POST", "/v1/programs/checkout/candidates", {
    artifactUri: "oci://shop/checkout:7",
    config: { theme: "classic", steps: 3 },
  });
  await must(call, "POST", "/v1/programs/checkout/candidates", {
    artifactUri: "oci://shop/checkout:8",
    config: { theme: "express", steps: 1 },
  });
  await must(call, "POST", "/v1/programs/checkout/candidates", { artifactUri: null, config: { theme: "rescue", steps: 2 } });
  await must(call, "PUT", "/v1/programs/checkout/aliases/champion", { version: 1, reason: "initial" });
  await must(call, "PUT", "/v1/programs/checkout/aliases/challenger", { version: 2, reason: "canary" });
  await must(call, "PUT", "/v1/programs/checkout/traffic", {
    slots: 2,
    arms: [{ alias: "challenger", slot: 1, weight: 0.3 }],
    reason: "canary at 30 %",
  });

  await must(call, "POST", "/v1/programs", { name: "dark-mode", owners: ["web"] });
  await must(call, "POST", "/v1/programs/dark-mode/candidates", { config: false });
  await must(call, "POST", "/v1/programs/dark-mode/candidates", { config: true });
  await must(call, "PUT", "/v1/programs/dark-mode/aliases/champion", { version: 1, reason: "off" });
  await must(call, "PUT", "/v1/programs/dark-mode/aliases/challenger", { version: 2, reason: "on for half" });
  await must(call, "PUT", "/v1/programs/dark-mode/traffic", {
    slots: 2,
    arms: [{ alias: "challenger", slot: 1, weight: 0.5 }],
    reason: "50 %",
  });

  await must(call, "POST", "/v1/programs", { name: "bare", owners: ["web"] });
  await must(call, "POST", "/v1/programs/bare/candidates", { artifactUri: "s3://bare/1" });
}

/** Moves checkout's @challenger to v3 (no artifact: its string value is "v3"). */
export async function moveChallenger(call: Call, version: number): Promise<void> {
  await must(call, "PUT", "/v1/programs/checkout/aliases/challenger", { version, reason: `challenger → v${version}` });
}

/** An HTTP Call against a running server with a token. */
export function httpCall(url: string, token: string): Call {
  return async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

/** Unit ids used by the agreement tests. */
export function unitIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `user-${i}`);
}

/** A real Arena server (SQLite in a temporary folder) with the flag programs and an sdk-role token. */
export async function startFlagServer(): Promise<{ server: RunningServer; admin: Call; adminToken: string; sdkToken: string }> {
  let adminToken = "";
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), "arena-openfeature-")),
    log: false,
    announce: (line) => (adminToken ||= /ARENA_TOKEN=(\S+)/.exec(line)?.[1] ?? ""),
  });
  const admin = httpCall(server.url, adminToken);
  await setUpFlagPrograms(admin);
  const created = (await admin("POST", "/v1/tokens", { name: "openfeature-app", roles: ["sdk"] })).body as { token: string };
  return { server, admin, adminToken, sdkToken: created.token };
}

export interface CliAnswer {
  alias: string;
  version: number | null;
  artifactUri: string | null;
  reason: string;
}

/** `arena resolve --json --units FILE` itself (the built CLI, dist/): the reference every client must agree with. */
export async function arenaResolve(url: string, token: string, program: string, units: readonly string[]): Promise<Map<string, CliAnswer>> {
  const cli = join(import.meta.dirname, "../../dist/src/cli/main.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first (npm test does)`);
  const file = join(mkdtempSync(join(tmpdir(), "arena-units-")), "units.txt");
  writeFileSync(file, `${units.join("\n")}\n`);
  const { stdout } = await run(process.execPath, [cli, "--json", "resolve", program, "--units", file], {
    env: { ...process.env, ARENA_URL: url, ARENA_TOKEN: token },
    maxBuffer: 256 * 1024 * 1024,
  });
  const answers = JSON.parse(stdout) as (CliAnswer & { unitId: string })[];
  return new Map(answers.map((a) => [a.unitId, a]));
}
