/**
 * Import-boundary check: keeps the pure core pure and the SDK dependency-free.
 *
 *   src/core/wire/**  imports nothing outside itself (the wire rules the SDK ships as they are)
 *   src/core/**       imports only src/core/** and pure computation packages (no node:*, no I/O)
 *   src/sdk/**        imports only src/sdk/**, src/core/assignment/**, src/core/wire/** and node: built-ins (no npm package)
 *   src/contracts/**  imports only src/core/**, src/contracts/**, zod and yaml (parsing with positions)
 *   packages/openfeature-provider/**  imports only its own files, @arena/sdk and @openfeature/server-sdk (its peers)
 *   nothing outside src/dashboard imports src/dashboard
 *
 * Exits 1 and lists every violation.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const PURE_PACKAGES = [/^@stdlib\//, /^@datadog\/sketches-js$/, /^fastest-levenshtein$/];

interface Rule {
  area: string;
  allowRelative: (target: string) => boolean;
  allowBare: (specifier: string) => boolean;
}

// The first rule whose area holds a file applies to it.
const rules: Rule[] = [
  {
    area: "src/core/wire/",
    allowRelative: (t) => t.startsWith("src/core/wire/"),
    allowBare: () => false,
  },
  {
    area: "src/core/",
    allowRelative: (t) => t.startsWith("src/core/"),
    allowBare: (s) => PURE_PACKAGES.some((p) => p.test(s)),
  },
  {
    area: "src/sdk/",
    allowRelative: (t) => t.startsWith("src/sdk/") || t.startsWith("src/core/assignment/") || t.startsWith("src/core/wire/"),
    allowBare: (s) => s.startsWith("node:"),
  },
  {
    area: "src/contracts/",
    allowRelative: (t) => t.startsWith("src/contracts/") || t.startsWith("src/core/"),
    allowBare: (s) => s === "zod" || s.startsWith("zod/") || s === "yaml",
  },
  {
    area: "packages/openfeature-provider/",
    allowRelative: (t) => t.startsWith("packages/openfeature-provider/src/"),
    allowBare: (s) => s === "@arena/sdk" || s === "@openfeature/server-sdk",
  },
];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec) found.push(spec);
  }
  return found;
}

const violations: string[] = [];
for (const file of [...walk(join(root, "src")), ...walk(join(root, "packages"))]) {
  const rel = relative(root, file).split("\\").join("/");
  const source = readFileSync(file, "utf8");
  const rule = rules.find((r) => rel.startsWith(r.area));
  for (const spec of importsOf(source)) {
    const isRelative = spec.startsWith(".");
    const target = isRelative ? relative(root, resolve(dirname(file), spec)).split("\\").join("/") : spec;
    if (!rel.startsWith("src/dashboard/") && isRelative && target.startsWith("src/dashboard/")) {
      violations.push(`${rel}: imports the dashboard (${spec})`);
    }
    if (!rule) continue;
    const ok = isRelative ? rule.allowRelative(target) : rule.allowBare(spec);
    if (!ok) violations.push(`${rel}: ${rule.area} may not import "${spec}"`);
  }
}

// The SDK ships without runtime dependencies: its package manifest must list none.
const sdkManifest = JSON.parse(readFileSync(join(root, "src/sdk/package.json"), "utf8")) as { dependencies?: object };
if (sdkManifest.dependencies && Object.keys(sdkManifest.dependencies).length > 0) {
  violations.push("src/sdk/package.json: the SDK must have no runtime dependencies");
}

// The provider brings nothing of its own: the SDK and OpenFeature are the app's (peer dependencies).
const providerManifest = JSON.parse(readFileSync(join(root, "packages/openfeature-provider/package.json"), "utf8")) as { dependencies?: object };
if (providerManifest.dependencies && Object.keys(providerManifest.dependencies).length > 0) {
  violations.push("packages/openfeature-provider/package.json: the provider must have no runtime dependencies (peers only)");
}

if (violations.length > 0) {
  console.error(`Import boundaries broken (${violations.length}):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log("import boundaries: ok");
