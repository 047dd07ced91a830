/**
 * sdk-python: the Python SDK (sdk/python) in CPython, driven by bench/support/sdk_python_bench.py
 * against one `arena server` process (SQLite):
 *   - resolve calls/s vs the bare limit in the same run: the same hash + range lookup
 *     written inline in one Python loop (value = resolve calls/s, ratio = value ÷ bare, target ≥ 0.8);
 *   - the telemetry recorder's cost per record.request call;
 *   - alias-move propagation p99 to 50 Python clients streaming (target < 500 ms).
 *
 *   npm run bench -- sdk-python [clients] [moves] [--seconds 6]
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import type { BenchResult } from "./result.js";
import { startServerProcess } from "./support/server-process.js";
import { round } from "./support/stats.js";

interface PythonFigures {
  resolvePerSec: number;
  resolveWithExposuresPerSec: number;
  barePerSec: number;
  recordRequestNs: number;
  recordDropped: number;
  propagationP50Ms: number;
  propagationP99Ms: number;
  propagationMaxMs: number;
  worstMoveMs: number;
  httpRoundTripP99Ms: number;
  clients: number;
  moves: number;
  python: string;
}

function runPython(env: NodeJS.ProcessEnv): Promise<PythonFigures> {
  return new Promise((done, fail) => {
    const child = spawn("python3", [resolve(import.meta.dirname, "support/sdk_python_bench.py")], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return fail(new Error(`sdk_python_bench.py exited with ${code}`));
      done(JSON.parse(last) as PythonFigures);
    });
  });
}

export default async function sdkPython(args: string[]): Promise<BenchResult> {
  const secondsAt = args.indexOf("--seconds");
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : 6;
  const positional = args.filter((a, i) => !a.startsWith("--") && (secondsAt < 0 || i !== secondsAt + 1));
  const clients = Number(positional[0] ?? 50);
  const moves = Number(positional[1] ?? 20);
  const server = await startServerProcess();
  try {
    await server.api("POST", "/v1/programs", { name: "fraud-detector" });
    await server.api("POST", "/v1/programs/fraud-detector/candidates", { artifactUri: "s3://models/fraud/47" });
    await server.api("POST", "/v1/programs/fraud-detector/candidates", { artifactUri: "s3://models/fraud/48" });
    await server.api("PUT", "/v1/programs/fraud-detector/aliases/champion", { version: 1, reason: "start" });
    const { token } = await server.api<{ token: string }>("POST", "/v1/tokens", { name: "python-bench", roles: ["sdk"] });
    const f = await runPython({
      ...process.env,
      ARENA_URL: server.url,
      ARENA_TOKEN: token,
      ARENA_ADMIN_TOKEN: server.token,
      BENCH_SECONDS: String(seconds),
      BENCH_CLIENTS: String(clients),
      BENCH_MOVES: String(moves),
    });
    return {
      bench: "sdk-python",
      value: round(f.resolvePerSec),
      unit: "resolve calls/s (CPython, one thread)",
      baseline: { barePythonHashAndRangeLoopPerSec: round(f.barePerSec), target: 0.8 },
      ratio: round(f.resolvePerSec / f.barePerSec, 4),
      resolveWithExposuresPerSec: round(f.resolveWithExposuresPerSec),
      recordRequestNsPerCall: round(f.recordRequestNs),
      propagation: {
        clients: f.clients,
        moves: f.moves,
        p50Ms: round(f.propagationP50Ms, 1),
        p99Ms: round(f.propagationP99Ms, 1),
        maxMs: round(f.propagationMaxMs, 1),
        targetMs: 500,
        httpRoundTripP99Ms: round(f.httpRoundTripP99Ms, 2),
      },
      python: f.python,
    };
  } finally {
    await server.stop();
  }
}
