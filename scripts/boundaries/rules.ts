/**
 * The import rules of ADR 001, as dependency-cruiser rules over the real TypeScript import
 * graph (paths relative to the repository root). "Product code" is everything that ships;
 * test support (tests, `testing/` folders, `*-testing.ts`, the store contract suite) may
 * import anything but must never be imported by product code, and is not compiled into dist/.
 *
 * To let a folder reach a new place, add one entry to its list below (as SDK_MAY_IMPORT lists
 * src/core/wire, the wire rules the server and the SDK share).
 */
import type { IForbiddenRuleType } from "dependency-cruiser";

/** Test support: tests, test helpers and the store contract suite (see tsconfig.build.json's exclude). */
export const TEST_SUPPORT = [
  "\\.test\\.tsx?$",
  "/testing/",
  "(^|/)testing\\.ts$",
  "-testing\\.ts$",
  "^src/server/store/contract[^/]*\\.ts$",
];

const npm = (names: string[]) => `^node_modules/(${names.join("|")})/`;

/** Pure computation packages core may use (no I/O, no clock). */
export const PURE_PACKAGES = ["@stdlib/[^/]+", "@datadog/sketches-js", "fastest-levenshtein"];

export const CORE_MAY_IMPORT = ["^src/core/", npm(PURE_PACKAGES)];
export const CONTRACTS_MAY_IMPORT = ["^src/contracts/", "^src/core/", npm(["zod", "yaml"])];
/** Besides these the SDK may import node: built-ins; never an npm package. */
export const SDK_MAY_IMPORT = ["^src/sdk/", "^src/core/assignment/", "^src/core/wire/"];
/** The wire rules (telemetry and exposure shapes and limits) ship inside the SDK as they are: they import only each other. */
export const WIRE_MAY_IMPORT = ["^src/core/wire/"];
/** The browser app: its own files, pure core, React; contracts and zod for types only (rule dashboard-types-only). */
export const DASHBOARD_MAY_IMPORT = ["^src/dashboard/", "^src/core/", "^src/contracts/", npm(["react", "react-dom", "zod"])];
/** The OpenFeature provider: its own files, the SDK's public entry (as @arena/sdk), OpenFeature (its peers). */
export const PROVIDER_MAY_IMPORT = ["^packages/openfeature-provider/src/", "^src/sdk/index\\.ts$", npm(["@openfeature/[^/]+"])];
export const TEST_FRAMEWORKS = npm(["vitest", "@vitest/[^/]+", "fast-check", "playwright-core"]);

const product = (path: string): { path: string; pathNot: string[] } => ({ path, pathNot: TEST_SUPPORT });
const shells = (...names: string[]) => `^src/(${names.join("|")})/`;

export const rules: IForbiddenRuleType[] = [
  {
    name: "core-is-pure",
    comment: "src/core imports only src/core and pure computation packages: no node: built-ins, no I/O library, no shell",
    severity: "error",
    from: product("^src/core/"),
    to: { pathNot: CORE_MAY_IMPORT },
  },
  {
    name: "wire-rules-stand-alone",
    comment: "src/core/wire imports only src/core/wire: the SDK ships it, so it may pull nothing else in",
    severity: "error",
    from: product("^src/core/wire/"),
    to: { pathNot: WIRE_MAY_IMPORT },
  },
  {
    name: "contracts-are-schemas",
    comment: "src/contracts imports only src/contracts, src/core, zod and yaml",
    severity: "error",
    from: product("^src/contracts/"),
    to: { pathNot: CONTRACTS_MAY_IMPORT },
  },
  {
    name: "sdk-is-dependency-free",
    comment: "src/sdk imports only src/sdk, src/core/assignment and node: built-ins (no npm package)",
    severity: "error",
    from: product("^src/sdk/"),
    to: { pathNot: SDK_MAY_IMPORT, dependencyTypesNot: ["core"] },
  },
  {
    name: "server-below-the-other-shells",
    comment: "src/server imports core, contracts, the SDK and libraries; never the CLI, demo, dashboard app, backtest or proxy",
    severity: "error",
    from: product("^src/server/"),
    to: { path: shells("cli", "demo", "dashboard", "backtest", "proxy") },
  },
  {
    name: "demo-uses-server-and-sdk",
    comment: "src/demo imports the server, the SDK, contracts and core; not the CLI, dashboard, backtest or proxy",
    severity: "error",
    from: product("^src/demo/"),
    to: { path: shells("cli", "dashboard", "backtest", "proxy") },
  },
  {
    name: "backtest-below-cli",
    comment: "src/backtest imports core, contracts and server pieces; not the CLI, demo, dashboard or proxy",
    severity: "error",
    from: product("^src/backtest/"),
    to: { path: shells("cli", "demo", "dashboard", "proxy") },
  },
  {
    name: "proxy-is-an-sdk-shell",
    comment: "src/proxy builds on the SDK and core/assignment; it talks to the server over HTTP only",
    severity: "error",
    from: product("^src/proxy/"),
    to: { path: shells("server", "cli", "demo", "dashboard", "backtest") },
  },
  {
    name: "nothing-imports-the-dashboard",
    comment: "only src/dashboard imports src/dashboard: the server, the CLI and every other shell serve or ignore its build",
    severity: "error",
    from: { path: "^(src|packages)/", pathNot: ["^src/dashboard/", ...TEST_SUPPORT] },
    to: { path: "^src/dashboard/" },
  },
  {
    name: "dashboard-browser-code",
    comment: "the browser app imports its own files, src/core, React, and contracts/zod (types only)",
    severity: "error",
    from: product("^src/dashboard/src/"),
    to: { pathNot: DASHBOARD_MAY_IMPORT },
  },
  {
    name: "dashboard-types-only",
    comment: "the browser app takes contracts and zod with `import type` only: no zod reaches the browser",
    severity: "error",
    from: product("^src/dashboard/src/"),
    to: { path: ["^src/contracts/", npm(["zod"])], dependencyTypesNot: ["type-only"] },
  },
  {
    name: "provider-uses-sdk-entry",
    comment: "packages/openfeature-provider imports its own files, @arena/sdk and @openfeature/* (peers)",
    severity: "error",
    from: product("^packages/openfeature-provider/"),
    to: { pathNot: PROVIDER_MAY_IMPORT },
  },
  {
    name: "whole-system-code-stays-outside",
    comment: "bench/, e2e/ and scripts/ may import anything; nothing that ships imports them",
    severity: "error",
    from: product("^(src|packages)/"),
    to: { path: "^(bench|e2e|scripts)/" },
  },
  {
    name: "test-support-stays-out",
    comment: "product code never imports tests, test helpers or test frameworks (they are not in dist/)",
    severity: "error",
    from: product("^(src|packages)/"),
    to: { path: [...TEST_SUPPORT, TEST_FRAMEWORKS] },
  },
  {
    name: "no-runtime-cycles",
    comment: "no cycle of runtime imports (type-only and lazy dynamic imports break a cycle)",
    severity: "error",
    from: product("^(src|packages)/"),
    to: {
      circular: true,
      dependencyTypesNot: ["type-only", "dynamic-import"],
      viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] },
    },
  },
  {
    name: "resolvable",
    comment: "every import resolves (an unresolved import would slip past the rules above)",
    severity: "error",
    from: { path: "^(src|packages)/" },
    to: { couldNotResolve: true },
  },
];
