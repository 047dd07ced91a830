/**
 * Instructions HAProxy runs per request, counted by callgrind: the figure the proxy's cost
 * work is judged by, because it does not move with the neighbours' load (CPU time does).
 *
 *   npx tsx bench/support/proxy-callgrind.ts [arena|static|both] [--users 1000] [--seconds 6] [--connections 8] [--shadow 0] [--drain 1] [--cpu 0] [--annotate]
 *
 * Both sides are the bench's (bench/proxy.ts): `arena` is `arena proxy`'s generated haproxy.cfg,
 * settings.lua and arena.lua with a 90/10 table pushed over the admin service (no Arena server:
 * the table is compiled here from the plan, as `arena proxy` compiles it); `static` is the same
 * HAProxy with a weighted 90/10 split and no Lua. The upstreams are a plain HAProxy answering
 * from memory (not under callgrind). Each side runs under `valgrind --tool=callgrind`, gets a
 * warm-up (every user seen, so the route cache is warm: steady state), then its counters are
 * zeroed, wrk sends requests for `--seconds`, drains run every second as `arena proxy` runs
 * them (`--drain 0`: none, and the measurement starts just after a window boundary: the request
 * path alone, answers counted but not folded), and the total is divided by the requests wrk
 * counted. With drains, the figure carries the folding of every distinct (latency µs, version,
 * status) integer: under callgrind nearly every answer has its own latency, far more than at
 * full speed, so it is the pessimistic reading; the drains print how many there were.
 * `--annotate` prints callgrind_annotate's top functions for the measured part. `--cpu 1` runs
 * HAProxy natively and reports its CPU time per request instead (user + system, from /proc):
 * the full-speed figure, which the machine's load moves; run the sides alternately.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDrain } from "../../src/proxy/drain-format.js";
import { ProxyAdmin } from "../../src/proxy/admin-client.js";
import { writeProxyFiles, type ProxyConfig } from "../../src/proxy/haproxy-config.js";
import { freePort, HAPROXY_BIN } from "../../src/proxy/haproxy-process.js";
import { compileTable } from "../../src/proxy/table-format.js";
import { benchProxySettings, staticSplitConfig, upstreamsConfig } from "./proxy-configs.js";

interface Options {
  users: number;
  seconds: number;
  connections: number;
  shadow: number;
  drain: number;
  /** 1: no callgrind; HAProxy's CPU time per request at full speed instead (from /proc: load-sensitive). */
  cpu: number;
  annotate: boolean;
}

function parseArgs(argv: string[]): { sides: Array<"arena" | "static">; options: Options } {
  const options: Options = { users: 1000, seconds: 6, connections: 8, shadow: 0, drain: 1, cpu: 0, annotate: false };
  let which = "both";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--annotate") options.annotate = true;
    else if (arg.startsWith("--")) {
      const key = arg.slice(2) as keyof Options;
      if (!(key in options) || key === "annotate") throw new Error(`unknown option ${arg}`);
      (options[key] as number) = Number(argv[++i]);
    } else which = arg;
  }
  const sides: Array<"arena" | "static"> | null =
    which === "both" ? ["static", "arena"] : which === "arena" || which === "static" ? [which] : null;
  if (sides === null) throw new Error(`unknown side ${which}: arena, static or both`);
  return { sides, options };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  return `${result.stdout}${result.stderr}`;
}

/** wrk for a duration; returns the requests it completed (and fails on any error answer). */
function wrk(url: string, script: string, connections: number, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t", "1", "-c", String(connections), "-d", `${seconds}s`, "-s", script, url]);
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", () => {
      const requests = /(\d+) requests in/.exec(out)?.[1];
      if (requests === undefined) return reject(new Error(`wrk output not understood:\n${out}`));
      if (/Non-2xx|Socket errors/.test(out)) return reject(new Error(`wrk saw errors:\n${out}`));
      resolve(Number(requests));
    });
  });
}

async function waitFor(
  what: string,
  probe: () => Promise<unknown>,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: haproxy exited (${child.exitCode}):\n${output()}`);
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms: ${(error as Error).message}`);
      await sleep(200);
    }
  }
}

/** CPU time (user + system) a process used so far, in µs (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Total instructions (Ir) in a callgrind dump. */
function totalIr(file: string): number {
  const text = readFileSync(file, "utf8");
  const m = /^(?:summary|totals): (\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

async function measure(
  side: "arena" | "static",
  options: Options,
  dir: string,
): Promise<{ instructionsPerRequest: number; requests: number; annotation: string; foldedKeysPerAnswer: number | null }> {
  const [up1, up2, port, adminPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const upstreamsPath = join(dir, `upstreams-${side}.cfg`);
  writeFileSync(upstreamsPath, upstreamsConfig(up1, up2));
  const upstreams = spawn(HAPROXY_BIN, ["-f", upstreamsPath, "-db"], { stdio: "ignore" });
  const sideDir = join(dir, side);
  let configPath: string;
  let admin: ProxyAdmin | null = null;
  if (side === "arena") {
    const secret = "callgrind";
    const config: ProxyConfig = { ...benchProxySettings("checkout-api", port), adminPort, secret };
    configPath = writeProxyFiles(config, sideDir);
    admin = new ProxyAdmin(adminPort, secret, 30_000);
  } else {
    configPath = join(dir, "static.cfg");
    writeFileSync(
      configPath,
      `${staticSplitConfig(port, up1, up2)}\nfrontend ready\n  bind 127.0.0.1:${adminPort}\n  http-request return status 200 content-type text/plain string ok\n`,
    );
  }
  const outFile = join(dir, `callgrind.${side}.out`);
  const command =
    options.cpu > 0
      ? [HAPROXY_BIN, "-f", configPath, "-db"]
      : ["valgrind", "--tool=callgrind", `--callgrind-out-file=${outFile}`, HAPROXY_BIN, "-f", configPath, "-db"];
  const child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4_000)));
  try {
    await waitFor(
      side,
      () => (admin !== null ? admin.status() : fetch(`http://127.0.0.1:${adminPort}/`).then((r) => r.text())),
      child,
      () => output,
    );
    if (admin !== null) {
      const plan = {
        hashVersion: 1,
        seed: "bench",
        slots: 10,
        arms: [{ alias: "challenger", slot: 9, weight: 0.1 }],
        shadow: options.shadow > 0 ? [{ alias: "shadow", sample: options.shadow }] : [],
        overrides: {},
      };
      const targets = new Map([
        ["champion", { alias: "champion", version: 1, ip: "127.0.0.1", port: up1 }],
        ["challenger", { alias: "challenger", version: 2, ip: "127.0.0.1", port: up2 }],
        ...(options.shadow > 0 ? ([["shadow", { alias: "shadow", version: 3, ip: "127.0.0.1", port: up2 }]] as const) : []),
      ]);
      await admin.pushTable(compileTable({ revision: 1, program: "checkout-api", plan, targets }).text);
    }
    const script = join(dir, "keys.lua");
    writeFileSync(
      script,
      `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format("GET", "/checkout", { ["x-user"] = "user-" .. (n * 7919 % ${options.users}) })\nend\n`,
    );
    const url = `http://127.0.0.1:${port}/checkout`;
    // Warm-up: every user seen at least once (route cache filled, exposures of this window taken).
    await wrk(url, script, options.connections, Math.max(3, Math.ceil(options.users / 500)));
    if (admin !== null) parseDrain(await admin.drain(), "checkout-api");
    // Without drains, start just after a 10-second window boundary, so no window change folds the
    // counted answers inside the measurement: what is left is the request path alone.
    if (options.drain === 0) await sleep(10_000 - (Date.now() % 10_000) + 300);
    if (options.cpu === 0) run("callgrind_control", ["-z", String(child.pid)]);
    const cpu0 = cpuMicros(child.pid!);
    let draining = options.drain > 0;
    let foldedAnswers = 0;
    let foldedKeys = 0;
    const drains = (async () => {
      while (draining && admin !== null) {
        await sleep(1_000);
        const { folded } = parseDrain(await admin.drain(), "checkout-api");
        foldedAnswers += folded.answers;
        foldedKeys += folded.keys;
      }
    })();
    const requests = await wrk(url, script, options.connections, options.seconds);
    draining = false;
    await drains;
    if (options.cpu > 0) {
      const perRequest = (cpuMicros(child.pid!) - cpu0) / requests;
      return {
        instructionsPerRequest: perRequest,
        requests,
        annotation: "",
        foldedKeysPerAnswer: foldedAnswers > 0 ? foldedKeys / foldedAnswers : null,
      };
    }
    run("callgrind_control", ["-d", "measured", String(child.pid)]);
    const dumps = readdirSync(dir).filter((f) => f.startsWith(`callgrind.${side}.out`) && f !== `callgrind.${side}.out`);
    const dump = join(dir, dumps.sort().at(-1)!);
    const annotation = options.annotate
      ? run("callgrind_annotate", ["--inclusive=no", "--threshold=95", dump]).split("\n").slice(0, 60).join("\n")
      : "";
    return {
      instructionsPerRequest: totalIr(dump) / requests,
      requests,
      annotation,
      foldedKeysPerAnswer: foldedAnswers > 0 ? foldedKeys / foldedAnswers : null,
    };
  } finally {
    child.kill("SIGTERM");
    upstreams.kill("SIGTERM");
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));
  }
}

const { sides, options } = parseArgs(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), "arena-callgrind-"));
try {
  const results: Record<string, unknown> = {
    users: options.users,
    seconds: options.seconds,
    connections: options.connections,
    shadow: options.shadow,
  };
  for (const side of sides) {
    const m = await measure(side, options, dir);
    if (m.annotation) console.error(`--- ${side}\n${m.annotation}`);
    const what = options.cpu > 0 ? "µs of HAProxy CPU" : "instructions";
    console.error(
      `${side}: ${options.cpu > 0 ? m.instructionsPerRequest.toFixed(2) : Math.round(m.instructionsPerRequest)} ${what} per request (${m.requests} requests)`,
    );
    results[side] = {
      ...(options.cpu > 0
        ? { cpuUsPerRequest: Math.round(m.instructionsPerRequest * 100) / 100 }
        : { instructionsPerRequest: Math.round(m.instructionsPerRequest) }),
      requests: m.requests,
      ...(m.foldedKeysPerAnswer !== null ? { foldedKeysPerAnswer: Math.round(m.foldedKeysPerAnswer * 1000) / 1000 } : {}),
    };
  }
  console.log(JSON.stringify(results));
} finally {
  if (process.env.ARENA_CALLGRIND_KEEP) console.error(`callgrind dumps kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
