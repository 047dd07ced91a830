import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { boundaryViolations, importViolations, manifestViolations } from "./check.js";
import { rules, TEST_SUPPORT } from "./rules.js";

const repo = resolve(import.meta.dirname, "../..");
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const PACKAGES = ["zod", "yaml", "fastify", "react", "left-pad", "vitest", "@stdlib/stats-base-dists-t", "@openfeature/server-sdk"];

/** A throwaway repository: a tsconfig like the real one, stand-in npm packages, and the given files. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "arena-boundaries-"));
  made.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, paths: { "@arena/sdk": ["./src/sdk/index.ts"] } },
    }),
  );
  for (const name of PACKAGES) {
    write(`node_modules/${name}/package.json`, JSON.stringify({ name, version: "1.0.0", main: "index.js" }));
    write(`node_modules/${name}/index.js`, "export const x = 1;\n");
  }
  for (const [path, text] of Object.entries(files)) write(path, text);
  return root;
}

/** Every import the rules allow, one of each kind. */
const allowed: Record<string, string> = {
  "src/core/stats/t.ts": 'import { x } from "@stdlib/stats-base-dists-t";\nimport { y } from "../policy/p.js";\nexport const t = x + y;\n',
  "src/core/policy/p.ts": "export const y = 1;\n",
  "src/contracts/a.ts":
    'import { z } from "zod";\nimport { parse } from "yaml";\nimport { y } from "../core/policy/p.js";\nexport const A = [z, parse, y];\n',
  "src/sdk/index.ts":
    'import { createHash } from "node:crypto";\nimport { h } from "../core/assignment/h.js";\nimport { MAX_ID } from "../core/wire/limits.js";\nexport const client = [createHash, h, MAX_ID];\n',
  "src/core/wire/limits.ts": 'import { ID } from "./ids.js";\nexport const MAX_ID = ID;\n',
  "src/core/wire/ids.ts": "export const ID = 500;\n",
  "src/sdk/client.ts": "export const inner = 1;\n",
  "src/core/assignment/h.ts": "export const h = 1;\n",
  "src/server/app.ts":
    'import Fastify from "fastify";\nimport { client } from "../sdk/index.js";\nimport { A } from "../contracts/a.js";\nimport type { B } from "./b.js";\nexport const app = [Fastify, client, A];\nexport type C = B;\n',
  "src/server/b.ts": 'import type { C } from "./app.js";\nexport type B = C | 1;\n',
  "src/server/app.test.ts":
    'import { expect } from "vitest";\nimport { helper } from "./testing/helper.js";\nimport { bench } from "../../bench/b.js";\nexport const t = [expect, helper, bench];\n',
  "src/server/testing/helper.ts": 'import { expect } from "vitest";\nexport const helper = expect;\n',
  "src/cli/main.ts":
    'import { app } from "../server/app.js";\nimport { client } from "../sdk/index.js";\nexport const main = [app, client];\n',
  "src/demo/seed.ts": 'import { app } from "../server/app.js";\nexport const seed = app;\n',
  "src/backtest/engine.ts": 'import { app } from "../server/app.js";\nexport const engine = app;\n',
  "src/proxy/runner.ts":
    'import { client } from "../sdk/index.js";\nimport { connect } from "node:net";\nexport const run = [client, connect];\n',
  "src/dashboard/src/app.tsx":
    'import { useState } from "react";\nimport type { A } from "../../contracts/a.js";\nimport type { z } from "zod";\nimport { t } from "../../core/stats/t.js";\nexport const App = [useState, t];\nexport type P = typeof A | z.ZodType;\n',
  "src/dashboard/vite.config.ts": 'import { fileURLToPath } from "node:url";\nexport default fileURLToPath;\n',
  "packages/openfeature-provider/src/index.ts":
    'import { client } from "@arena/sdk";\nimport { x } from "@openfeature/server-sdk";\nexport const p = [client, x];\n',
  "bench/b.ts": 'import { app } from "../src/server/app.js";\nexport const bench = app;\n',
  "e2e/tour.test.ts":
    'import { main } from "../src/cli/main.js";\nimport { App } from "../src/dashboard/src/app.js";\nexport const t = [main, App];\n',
  "src/sdk/package.json": JSON.stringify({ name: "@arena/sdk", dependencies: {} }),
};

/** One import breaking each rule: the file that breaks it, and every rule that must name it. */
const breaking: [string, string, string[]][] = [
  ["src/core/policy/io.ts", 'import { readFileSync } from "node:fs";\nexport const io = readFileSync;\n', ["core-is-pure"]],
  ["src/core/policy/schema.ts", 'import { A } from "../../contracts/a.js";\nexport const s = A;\n', ["core-is-pure"]],
  ["src/core/stats/pad.ts", 'import { x } from "left-pad";\nexport const pad = x;\n', ["core-is-pure"]],
  ["src/core/wire/stats.ts", 'import { t } from "../stats/t.js";\nexport const w = t;\n', ["wire-rules-stand-alone"]],
  ["src/contracts/http.ts", 'import Fastify from "fastify";\nexport const f = Fastify;\n', ["contracts-are-schemas"]],
  ["src/sdk/schema.ts", 'import { z } from "zod";\nexport const s = z;\n', ["sdk-is-dependency-free"]],
  ["src/sdk/stats.ts", 'import { t } from "../core/stats/t.js";\nexport const s = t;\n', ["sdk-is-dependency-free"]],
  ["src/server/cli-call.ts", 'import { main } from "../cli/main.js";\nexport const c = main;\n', ["server-below-the-other-shells"]],
  ["src/server/proxy-call.ts", 'import { run } from "../proxy/runner.js";\nexport const c = run;\n', ["server-below-the-other-shells"]],
  ["src/cli/page.ts", 'import { App } from "../dashboard/src/app.js";\nexport const p = App;\n', ["nothing-imports-the-dashboard"]],
  ["src/demo/cli-call.ts", 'import { main } from "../cli/main.js";\nexport const c = main;\n', ["demo-uses-server-and-sdk"]],
  ["src/backtest/demo-call.ts", 'import { seed } from "../demo/seed.js";\nexport const c = seed;\n', ["backtest-below-cli"]],
  ["src/proxy/server-call.ts", 'import { app } from "../server/app.js";\nexport const c = app;\n', ["proxy-is-an-sdk-shell"]],
  ["src/dashboard/src/fs.ts", 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n', ["dashboard-browser-code"]],
  ["src/dashboard/src/schema.ts", 'import { A } from "../../contracts/a.js";\nexport const s = A;\n', ["dashboard-types-only"]],
  [
    "packages/openfeature-provider/src/deep.ts",
    'import { inner } from "../../../src/sdk/client.js";\nexport const d = inner;\n',
    ["provider-uses-sdk-entry"],
  ],
  ["src/server/uses-bench.ts", 'import { bench } from "../../bench/b.js";\nexport const u = bench;\n', ["whole-system-code-stays-outside"]],
  ["src/server/uses-helper.ts", 'import { helper } from "./testing/helper.js";\nexport const u = helper;\n', ["test-support-stays-out"]],
  ["src/server/uses-vitest.ts", 'import { expect } from "vitest";\nexport const u = expect;\n', ["test-support-stays-out"]],
  ["src/server/loop-a.ts", 'import { b } from "./loop-b.js";\nexport const a = () => b;\n', ["no-runtime-cycles"]],
  // A cycle is reported once, at its first file.
  ["src/server/loop-b.ts", 'import { a } from "./loop-a.js";\nexport const b = () => a;\n', []],
  ["src/server/typo.ts", 'import { nothing } from "./no-such-file.js";\nexport const t = nothing;\n', ["resolvable"]],
];

// Cruising the whole repository takes ~10 s alone; on a loaded machine several times that.
const WHOLE_REPO_MS = 300_000;

describe("import boundaries (dependency-cruiser over the real import graph)", () => {
  it("passes on a tree that makes every allowed kind of import", async () => {
    expect(await boundaryViolations(tree(allowed))).toEqual([]);
  });

  it("catches each broken rule, at the file that breaks it, and nothing else", async () => {
    const root = tree({ ...allowed, ...Object.fromEntries(breaking.map(([path, text]) => [path, text])) });
    const found = await importViolations(root);
    const caught = new Set(found.map((line) => `${line.split(":")[0]} ${line.split(" ")[1]}`));
    const expected = new Set(breaking.flatMap(([path, , names]) => names.map((name) => `${name} ${path}`)));
    expect(caught).toEqual(expected);
  });

  it("has a breaking case for every rule", () => {
    const covered = new Set(breaking.flatMap(([, , names]) => names));
    expect(rules.map((r) => r.name ?? "(unnamed)").filter((name) => !covered.has(name))).toEqual([]);
  });

  it("refuses runtime dependencies in the SDK's manifest", () => {
    const root = tree({ "src/sdk/package.json": JSON.stringify({ name: "@arena/sdk", dependencies: { zod: "^4" } }) });
    expect(manifestViolations(root)).toEqual(["manifest: src/sdk/package.json: the SDK must have no runtime dependencies"]);
  });

  it(
    "holds on this repository",
    async () => {
      expect(await boundaryViolations(repo)).toEqual([]);
    },
    WHOLE_REPO_MS,
  );

  it(
    "keeps test support out of the build: tsconfig.build.json compiles no file the rules call test support",
    () => {
      const tsc = join(repo, "node_modules/typescript/bin/tsc");
      const listed = execFileSync(process.execPath, [tsc, "-p", join(repo, "tsconfig.build.json"), "--listFilesOnly"], {
        encoding: "utf8",
      });
      const compiled = listed
        .split("\n")
        .map((f) => f.trim().replace(/\\/g, "/"))
        .filter((f) => f.startsWith(`${repo}/src/`))
        .map((f) => f.slice(repo.length + 1));
      expect(compiled.length).toBeGreaterThan(100);
      expect(compiled.filter((f) => TEST_SUPPORT.some((pattern) => new RegExp(pattern).test(f)))).toEqual([]);
    },
    WHOLE_REPO_MS,
  );
});
