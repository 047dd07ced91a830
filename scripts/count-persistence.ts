/**
 * Counts persistence lines (issue 10): every slice's store implementations (store-*.ts) and row
 * mappers (rows.ts), and every file in the persistence folders (src/server/store, src/server/persist),
 * tests excluded. Slice interfaces (store.ts) are not counted: they are written once either way.
 * Usage: npx tsx scripts/count-persistence.ts [--json]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const SERVER = "src/server";
const PERSISTENCE_FOLDERS = new Set(["store", "persist"]);

const lines = (path: string) => readFileSync(path, "utf8").split("\n").length - 1;
const isSource = (name: string) => name.endsWith(".ts") && !name.endsWith(".test.ts");

const files: string[] = [];
for (const folder of readdirSync(SERVER)) {
  const dir = join(SERVER, folder);
  if (!statSync(dir).isDirectory()) continue;
  for (const name of readdirSync(dir)) {
    if (!isSource(name)) continue;
    if (PERSISTENCE_FOLDERS.has(folder) || /^(store-[a-z]+|rows)\.ts$/.test(name)) files.push(join(dir, name));
  }
}
const counted = files.sort().map((path) => ({ path, lines: lines(path) }));
const total = counted.reduce((sum, f) => sum + f.lines, 0);
const contract = counted.filter((f) => /\/contract[^/]*\.ts$/.test(f.path)).reduce((sum, f) => sum + f.lines, 0);
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ files: counted.length, total, contractSuite: contract, withoutContractSuite: total - contract }));
} else {
  for (const f of counted) console.log(`${String(f.lines).padStart(5)} ${f.path}`);
  console.log(`${String(total).padStart(5)} total in ${counted.length} files (${contract} of them the shared contract suite)`);
}
