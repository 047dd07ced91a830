/**
 * Runs the import rules (rules.ts) over a tree with dependency-cruiser, which resolves every
 * import the way TypeScript does (tsconfig paths, `.js` → `.ts`, package exports), and checks
 * the two publishable manifests. Returns the violations as readable lines; [] when all hold.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { rules } from "./rules.js";

/** Folders whose code the rules cover, relative to the root (missing ones are skipped). */
export const CHECKED = ["src", "packages", "bench", "e2e", "scripts"];

export async function importViolations(root: string): Promise<string[]> {
  const tsConfigFile = join(root, "tsconfig.json");
  const roots = CHECKED.filter((dir) => existsSync(join(root, dir)));
  // tsconfig `paths` without a baseUrl resolve against the working directory: cruise from the root.
  const cwd = process.cwd();
  process.chdir(root);
  const result = await cruise(
    roots,
    {
      baseDir: root,
      validate: true,
      ruleSet: { forbidden: rules },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: tsConfigFile },
      doNotFollow: { path: "node_modules" },
      exclude: { path: "^(dist|src/dashboard/dist|packages/[^/]+/dist)/" },
      enhancedResolveOptions: {
        conditionNames: ["import", "require", "node", "default", "types"],
        exportsFields: ["exports"],
        mainFields: ["module", "main", "types"],
      },
    },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  ).finally(() => process.chdir(cwd));
  const output = result.output as ICruiseResult;
  return (output.summary.violations ?? []).map((v) => {
    const cycle = v.cycle && v.cycle.length > 0 ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(" → ")})` : "";
    return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
  });
}

/** The SDK and the provider ship without runtime dependencies of their own. */
export function manifestViolations(root: string): string[] {
  const found: string[] = [];
  const manifests: [string, string][] = [
    ["src/sdk/package.json", "the SDK must have no runtime dependencies"],
    ["packages/openfeature-provider/package.json", "the provider must have no runtime dependencies (peers only)"],
  ];
  for (const [path, rule] of manifests) {
    const file = join(root, path);
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { dependencies?: object };
    if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) found.push(`manifest: ${path}: ${rule}`);
  }
  return found;
}

export async function boundaryViolations(root: string): Promise<string[]> {
  return [...(await importViolations(root)), ...manifestViolations(root)];
}
