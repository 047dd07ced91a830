/**
 * `npm run bench -- cli [rounds]`: how long the built CLI takes to answer, against Node's own start
 * (`node -e 0`) in the same run, interleaved round by round so machine load hits all three alike.
 * `arena --help` (target ≤ 1.5 × node -e 0) and `arena status` against a running server with 20
 * programs (target ≤ 2 ×). Medians of wall-clock times of whole processes.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BenchResult } from "./result.js";
import { startServerProcess } from "./support/server-process.js";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/src/cli/main.js");

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(" ")} exited ${res.status}: ${res.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export default async function bench(args: string[]): Promise<BenchResult> {
  const rounds = Number(args[0] ?? 21);
  if (!existsSync(cli)) spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  const server = await startServerProcess();
  try {
    for (let i = 0; i < 20; i++) await server.api("POST", "/v1/programs", { name: `program-${i}`, description: "bench" });
    const env = { ...process.env, ARENA_URL: server.url, ARENA_TOKEN: server.token, ARENA_CONFIG: join(root, ".bench-no-config.json") };
    const times = { node: [] as number[], help: [] as number[], status: [] as number[] };
    // One warm-up of each (file cache), then interleaved rounds.
    timeRun(["-e", "0"], env);
    timeRun([cli, "--help"], env);
    timeRun([cli, "status"], env);
    for (let i = 0; i < rounds; i++) {
      times.node.push(timeRun(["-e", "0"], env));
      times.help.push(timeRun([cli, "--help"], env));
      times.status.push(timeRun([cli, "status"], env));
    }
    const node = median(times.node);
    const help = median(times.help);
    const status = median(times.status);
    console.log(
      `node -e 0: ${node.toFixed(1)} ms · arena --help: ${help.toFixed(1)} ms (${(help / node).toFixed(2)}×) · arena status: ${status.toFixed(1)} ms (${(status / node).toFixed(2)}×), medians of ${rounds} rounds`,
    );
    return {
      bench: "cli",
      value: Number(help.toFixed(1)),
      unit: "ms (median wall time of `arena --help`)",
      baseline: { nodeE0Ms: Number(node.toFixed(1)), helpTarget: "≤ 1.5 × node -e 0", statusTarget: "≤ 2 × node -e 0" },
      ratio: Number((help / node).toFixed(3)),
      statusMs: Number(status.toFixed(1)),
      statusRatio: Number((status / node).toFixed(3)),
      rounds,
    };
  } finally {
    await server.stop();
  }
}
