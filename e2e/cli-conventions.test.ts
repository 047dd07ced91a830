/**
 * The CLI's conventions against the real built server (SQLite): which modules a command loads,
 * exit codes for bad input and unknown names, JSON errors, contexts with token files, and a
 * first start whose port is taken keeping the one-time admin token for the start that works.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const cliPath = join(root, "dist/src/cli/main.js");
const tracer = join(root, "src/cli/testing/trace-loads.mjs");

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function startServer(args: string[]): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, [cliPath, "server", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

describe("CLI conventions (real server, real CLI)", () => {
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let url: string;
  let adminToken: string;

  const arena = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) => {
    const res = spawnSync(process.execPath, [...nodeArgs, cliPath, ...args], { env: { ...env, ...extraEnv }, encoding: "utf8" });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "arena-cli-"));
    // A port someone else holds: the first start fails without using up the bootstrap token.
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as { port: number }).port;
    const failed = spawnSync(process.execPath, [cliPath, "server", "--port", String(taken), "--data-dir", dir], {
      encoding: "utf8",
      timeout: 120_000,
    });
    blocker.close();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`port ${taken} on 127.0.0.1 is already in use`);
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(failed.stdout).not.toContain("ARENA_TOKEN=");

    const s = startServer(["--port", "0", "--data-dir", dir]);
    server = s.child;
    url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(s.output())?.[1], "the server to listen");
    adminToken = /export ARENA_TOKEN=(\S+)/.exec(s.output())?.[1] ?? "";
    expect(adminToken, "the start that listens prints the token").not.toBe("");
    env = { ...process.env, ARENA_URL: url, ARENA_TOKEN: adminToken, ARENA_CONFIG: join(dir, "config.json") };
    delete env.ARENA_CONTEXT;
  });

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it("`--help` loads no command module and no heavy library; `status` loads only its own", () => {
    const loads = (args: string[]) => {
      const file = join(dir, `loads-${args.join("-")}.txt`);
      writeFileSync(file, "");
      const res = arena(args, { ARENA_TRACE_LOADS: file }, ["--import", tracer]);
      expect(res.code, res.err).toBe(0);
      return readFileSync(file, "utf8").split("\n").filter(Boolean);
    };
    const heavy =
      /\/(zod|fastify|pg|better-sqlite3|prom-client|@stdlib|yaml|pino)\/|\/dist\/src\/(server|core\/stats|contracts|demo|backtest)\//;
    const help = loads(["--help"]);
    expect(help.filter((u) => heavy.test(u))).toEqual([]);
    expect(help.filter((u) => /\/dist\/src\/cli\/commands\//.test(u))).toEqual([]);
    const status = loads(["status"]);
    expect(status.filter((u) => heavy.test(u))).toEqual([]);
    expect(status.filter((u) => /\/dist\/src\/cli\/commands\//.test(u)).map((u) => u.replace(/.*\//, ""))).toEqual(["status.js"]);
  });

  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(arena(["--version"]).out.trim()).toBe(pkg.version);
  });

  it("a URL without a scheme is bad input (2), not an unreachable server (3)", () => {
    const res = arena(["--url", "127.0.0.1:7700", "status"]);
    expect(res.code).toBe(2);
    expect(res.err).toContain("must be an http(s) URL");
  });

  it("an unknown program's decisions exit 1, and --json errors print JSON", () => {
    const res = arena(["--json", "decisions", "nosuch"]);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.out)).toMatchObject({ error: { exitCode: 1, message: expect.stringContaining("nosuch") } });
  });

  it("reads candidates and traffic as text, names undeclared segments, hints on bare shares", () => {
    expect(arena(["program", "create", "shop"]).code).toBe(0);
    expect(arena(["candidate", "register", "shop", "--artifact", "s3://m/1", "--commit", "abc123", "--check", "scan=pass"]).code).toBe(0);
    const shown = arena(["candidate", "show", "shop", "1"]);
    expect(shown.out).toMatch(/^shop v1 {2}registered/);
    expect(shown.out).toContain("commit:      abc123");
    expect(shown.out).toMatch(/scan\s+pass/);
    const ref = ["candidate", "register", "shop", "--artifact", "s3://m/2", "--external-ref", "mlflow:shop/2"];
    expect(arena(ref).out.trim()).toBe("registered shop v2");
    expect(arena(ref).out).toMatch(/^shop v2 is mlflow:shop\/2 already/);
    const rejected = arena(["candidate", "list", "shop", "--status", "rejected"]);
    expect(rejected.out).toContain("registry gate refuses gets no version number");
    expect(arena(["traffic", "get", "shop"]).out).toMatch(/ALIAS\s+SHARE\s+SLOT\nchampion\s+100 %/);
    const bare = arena(["traffic", "set", "shop", "--arm", "challenger=10", "--reason", "x"]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain("did you mean challenger=10%?");
    const segment = arena(["metrics", "shop", "--segment", "region=eu"]);
    expect(segment.code).toBe(2);
    expect(segment.err).toContain('segment dimension "region" is not declared for shop');
  });

  it("contexts: a token file readable by others is refused; `context use` switches servers", () => {
    const tokenFile = join(dir, "admin.token");
    writeFileSync(tokenFile, `${adminToken}\n`);
    chmodSync(tokenFile, 0o644);
    const bare = { ARENA_URL: "", ARENA_TOKEN: "" };
    expect(arena(["context", "add", "local", "--url", url, "--token-file", tokenFile], bare).code).toBe(0);
    const open = arena(["status"], bare);
    expect(open.code).toBe(2);
    expect(open.err).toContain("is readable by others (mode 644)");
    chmodSync(tokenFile, 0o600);
    expect(arena(["status"], bare).code).toBe(0);
    expect(arena(["context", "add", "elsewhere", "--url", "http://127.0.0.1:9", "--token-env", "NOPE_TOKEN"], bare).code).toBe(0);
    expect(arena(["context", "use", "elsewhere"], bare).code).toBe(0);
    expect(arena(["status"], bare).code).toBe(3);
    expect(arena(["--context", "local", "status"], bare).code).toBe(0);
    const show = arena(["--json", "context", "show"], bare);
    expect(JSON.parse(show.out)).toMatchObject({ url: "http://127.0.0.1:9", from: "context elsewhere", token: "none" });
    expect(arena(["--context", "nope", "status"], bare).err).toContain('no context "nope"; contexts: local, elsewhere');
    const mode = spawnSync("stat", ["-c", "%a", join(dir, "config.json")], { encoding: "utf8" }).stdout.trim();
    expect(mode).toBe("600");
  });

  it("audit list says when more entries follow, and how to read on", () => {
    const page = arena(["audit", "list", "--limit", "2"]);
    expect(page.code).toBe(0);
    const next = /arena audit list --after (\d+)/.exec(page.out)?.[1];
    expect(next, page.out).toBeDefined();
    const rest = arena(["--json", "audit", "list", "--after", next!, "--limit", "1000"]);
    expect((JSON.parse(rest.out) as Array<{ seq: number }>)[0]!.seq).toBe(Number(next) + 1);
    expect(arena(["audit", "list", "--limit", "1000"]).out).not.toContain("more entries follow");
  });

  it("bash completion works on the built CLI", () => {
    const res = arena(["completion", "bash"]);
    expect(res.code).toBe(0);
    expect(res.out).toContain("complete -F _arena arena");
    expect(arena(["completion", "tcsh"]).code).toBe(2);
  });
});
