/**
 * Both packages as a user gets them: `npm pack` of @arena/sdk and @arena/openfeature-provider,
 * installed with the real @openfeature/server-sdk (from the npm registry) into a temporary
 * project outside the repository, then used there against a real Arena server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { createClient } from "@arena/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages } from "../scripts/pack-packages.js";
import type { RunningServer } from "../src/server/runtime/start.js";
import { startFlagServer, unitIds } from "./support/openfeature-scenario.js";

const run = promisify(execFile);
let server: RunningServer;
let sdkToken: string;

const APP = `
import { createClient } from "@arena/sdk";
import { FakeArenaServer } from "@arena/sdk/testing";
import { ArenaProvider } from "@arena/openfeature-provider";
import { OpenFeature } from "@openfeature/server-sdk";

const arena = createClient({ url: process.env.ARENA_URL, token: process.env.ARENA_TOKEN, exposures: false, telemetry: false });
await OpenFeature.setProviderAndWait(new ArenaProvider({ client: arena }));
const client = OpenFeature.getClient();
const answers = {};
for (const unit of JSON.parse(process.env.UNITS)) {
  const d = await client.getStringDetails("checkout", "none", { targetingKey: unit });
  answers[unit] = [d.variant, d.value, d.flagMetadata.version];
}
console.log(JSON.stringify({ answers, testing: typeof FakeArenaServer }));
await OpenFeature.close();
await arena.close();
`;

beforeAll(async () => {
  ({ server, sdkToken } = await startFlagServer());
});
afterAll(() => server?.close());

describe("npm pack tarballs in a fresh project", () => {
  it("install with the real @openfeature/server-sdk and evaluate as the SDK does", async () => {
    const project = mkdtempSync(join(tmpdir(), "arena-pack-project-"));
    const packed = packPackages(join(project, "tarballs"));
    // Lint what would be published: exports, types, files (publint, from the tarballs themselves).
    for (const tarball of [packed.sdk, packed.provider]) {
      const bytes = readFileSync(tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: "suggestion",
        strict: true,
      });
      expect(messages.map((m) => `${tarball}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
      expect((pkg as { license?: string }).license).toBe("Apache-2.0");
      expect((await run("tar", ["-tzf", tarball])).stdout.split("\n")).toContain("package/LICENSE");
    }
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "pack-check", private: true, type: "module" }));
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--ignore-scripts", packed.sdk, packed.provider, "@openfeature/server-sdk@^1.17.0"],
      { cwd: project },
    );
    writeFileSync(join(project, "app.mjs"), APP);
    const units = unitIds(500);
    const { stdout } = await run(process.execPath, ["app.mjs"], {
      cwd: project,
      env: { ...process.env, ARENA_URL: server.url, ARENA_TOKEN: sdkToken, UNITS: JSON.stringify(units) },
    });
    const out = JSON.parse(stdout.trim().split("\n").pop()!) as { answers: Record<string, [string, string, number]>; testing: string };
    expect(out.testing).toBe("function");
    const reference = createClient({ url: server.url, token: sdkToken, exposures: false, telemetry: false, stream: false });
    await reference.ready(10_000);
    for (const unit of units) {
      const r = reference.peek("checkout", unit);
      expect(out.answers[unit]).toEqual([r.alias, r.artifactUri, r.version]);
    }
    await reference.close();
  }, 300_000);
});
