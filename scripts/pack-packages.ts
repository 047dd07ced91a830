/**
 * Builds the two publishable packages and packs them with `npm pack`:
 *
 *   @arena/sdk                   src/sdk + the src/core/assignment it reaches, compiled into
 *                                dist/packages/sdk/{sdk,core/assignment} (the relative imports
 *                                between them hold unchanged), with src/sdk/package.json's
 *                                manifest pointed at sdk/.
 *   @arena/openfeature-provider  packages/openfeature-provider, compiled against that SDK.
 *
 * Usage: tsx scripts/pack-packages.ts [destination]   (default dist/packages); prints the tarballs.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const tsc = join(root, "node_modules/typescript/bin/tsc");

interface Manifest {
  exports: Record<string, { types: string; default: string }>;
  [field: string]: unknown;
}

/** The SDK's manifest with every export moved under sdk/, and only the compiled files shipped. */
function sdkManifest(): Manifest {
  const manifest = JSON.parse(readFileSync(join(root, "src/sdk/package.json"), "utf8")) as Manifest;
  const under = (path: string) => path.replace(/^\.\//, "./sdk/");
  const exports = Object.fromEntries(
    Object.entries(manifest.exports).map(([name, target]) => [name, { types: under(target.types), default: under(target.default) }]),
  );
  return { ...manifest, exports, files: ["sdk/**/*.js", "sdk/**/*.d.ts", "core/**/*.js", "core/**/*.d.ts", "README.md", "LICENSE"] };
}

function npmPack(dir: string, destination: string): string {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], { cwd: dir, encoding: "utf8" });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(destination, info!.filename);
}

export function packPackages(destination = join(root, "dist/packages")): { sdk: string; provider: string } {
  const sdkDir = join(root, "dist/packages/sdk");
  rmSync(sdkDir, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(root, "src/sdk/tsconfig.pack.json")], { stdio: "inherit" });
  writeFileSync(join(sdkDir, "package.json"), `${JSON.stringify(sdkManifest(), null, 2)}\n`);
  copyFileSync(join(root, "docs/sdk.md"), join(sdkDir, "README.md"));
  copyFileSync(join(root, "LICENSE"), join(sdkDir, "LICENSE"));

  const providerDir = join(root, "packages/openfeature-provider");
  rmSync(join(providerDir, "dist"), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(providerDir, "tsconfig.json")], { stdio: "inherit" });

  mkdirSync(destination, { recursive: true });
  return { sdk: npmPack(sdkDir, destination), provider: npmPack(providerDir, destination) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const packed = packPackages(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`${packed.sdk}\n${packed.provider}`);
}
