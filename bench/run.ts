/**
 * Benchmark runner: `npm run bench -- <name>` runs bench/<name>.ts.
 * A benchmark module default-exports an async function returning a BenchResult;
 * the runner prints it as the last line, one JSON object.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchResult } from "./result.js";

const name = process.argv[2];
const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "result.ts"].includes(f) && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(", ")}`);
  process.exit(2);
}
const file = join(dir, `${name}.ts`);
if (!existsSync(file)) process.exit(2);
const mod = (await import(pathToFileURL(file).href)) as { default: (args: string[]) => Promise<BenchResult> };
const result = await mod.default(process.argv.slice(3));
console.log(JSON.stringify(result));
process.exit(0);
