import { readFileSync } from "node:fs";

/** Arena's version, from the package.json above this file (src/cli when run with tsx, dist/src/cli when built). */
export function cliVersion(): string {
  for (const up of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "arena" && pkg.version) return pkg.version;
    } catch {
      // not this level
    }
  }
  return "unknown";
}
