/**
 * Arena's OpenFeature provider inside the real @openfeature/server-sdk, against a real Arena
 * server: 10,000 units agree with `arena resolve --units` (the CLI itself), an alias move
 * reaches evaluations (and PROVIDER_CONFIGURATION_CHANGED) in well under a second (measured
 * and printed), and the error cases map as specified.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createClient, type ArenaClient } from "@arena/sdk";
import { ErrorCode, OpenFeature, ProviderEvents, type Client } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArenaProvider } from "../packages/openfeature-provider/src/index.js";
import type { RunningServer } from "../src/server/runtime/start.js";
import { arenaResolve, moveChallenger, startFlagServer, unitIds, type Call } from "./support/openfeature-scenario.js";

const UNITS = unitIds(10_000);
let server: RunningServer;
let admin: Call;
let adminToken: string;
let reference: ArenaClient;
let arena: ArenaClient;
let client: Client;

beforeAll(async () => {
  const started = await startFlagServer();
  ({ server, admin, adminToken } = started);
  // The evaluation `arena resolve` runs: one snapshot, resolved locally, nothing recorded.
  reference = createClient({ url: server.url, token: started.sdkToken, stream: false, exposures: false, telemetry: false });
  arena = createClient({ url: server.url, token: started.sdkToken, exposures: false, telemetry: false });
  await OpenFeature.setProviderAndWait("arena-e2e", new ArenaProvider({ client: arena }));
  client = OpenFeature.getClient("arena-e2e");
  expect(await reference.ready(10_000)).toBe(true);
});

afterAll(async () => {
  await OpenFeature.clearProviders();
  await reference?.close();
  await arena?.close();
  await server?.close();
});

describe("@openfeature/server-sdk with ArenaProvider against a real server", () => {
  it("agrees with arena resolve for 10,000 units (variant, version, artifact, config)", async () => {
    const cli = await arenaResolve(server.url, adminToken, "checkout", UNITS);
    let challengers = 0;
    for (const unit of UNITS) {
      const expected = reference.peek("checkout", unit);
      expect([cli.get(unit)!.alias, cli.get(unit)!.version]).toEqual([expected.alias, expected.version]);
      const details = await client.getStringDetails("checkout", "none", { targetingKey: unit });
      expect(details.variant).toBe(expected.alias);
      expect(details.value).toBe(expected.artifactUri);
      expect(details.flagMetadata.version).toBe(expected.version);
      expect(await client.getObjectValue("checkout", {}, { targetingKey: unit })).toEqual(expected.config);
      expect(await client.getBooleanValue("dark-mode", false, { targetingKey: unit })).toBe(reference.peek("dark-mode", unit).config);
      if (expected.alias === "challenger") challengers++;
    }
    // 30 % on the challenger, within a wide band (binomial sd ≈ 0.46 %).
    expect(challengers / UNITS.length).toBeGreaterThan(0.27);
    expect(challengers / UNITS.length).toBeLessThan(0.33);
  });

  it("sees an alias move within a second, with PROVIDER_CONFIGURATION_CHANGED naming the flag", async () => {
    const onChallenger = UNITS.find((u) => reference.peek("checkout", u).alias === "challenger")!;
    let changedAt = 0;
    let flagsChanged: string[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (e) => {
      changedAt ||= performance.now();
      flagsChanged = e?.flagsChanged ?? [];
    });
    const movedAt = performance.now();
    await moveChallenger(admin, 3);
    while ((await client.getStringValue("checkout", "none", { targetingKey: onChallenger })) !== "v3")
      await new Promise((r) => setTimeout(r, 2));
    const seenMs = performance.now() - movedAt;
    while (changedAt === 0) await new Promise((r) => setTimeout(r, 2));
    console.log(
      `[openfeature] server provider saw the alias move after ${seenMs.toFixed(1)} ms (event after ${(changedAt - movedAt).toFixed(1)} ms)`,
    );
    expect(flagsChanged).toContain("checkout");
    expect(await client.getNumberValue("checkout", 0, { targetingKey: onChallenger })).toBe(3);
  });

  it("arena resolve --units refuses bad input with exit code 2, naming the option", async () => {
    const cli = join(import.meta.dirname, "../dist/src/cli/main.js");
    const env = { ...process.env, ARENA_URL: server.url, ARENA_TOKEN: adminToken };
    const both = spawnSync(process.execPath, [cli, "resolve", "checkout", "user-1", "--units", "/nonexistent"], { env, encoding: "utf8" });
    expect([both.status, both.stderr]).toEqual([2, expect.stringContaining("one unit id, or --units")]);
    const missing = spawnSync(process.execPath, [cli, "resolve", "checkout", "--units", "/nonexistent/units.txt"], {
      env,
      encoding: "utf8",
    });
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("--units: cannot read")]);
  });

  it("maps the error cases", async () => {
    expect(await client.getStringDetails("no-such-program", "d", { targetingKey: "u" })).toMatchObject({
      value: "d",
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(await client.getStringDetails("checkout", "d", {})).toMatchObject({ value: "d", errorCode: ErrorCode.TARGETING_KEY_MISSING });
    expect(await client.getStringDetails("checkout", "d", { targetingKey: "" })).toMatchObject({
      value: "d",
      errorCode: ErrorCode.INVALID_CONTEXT,
    });
    expect(await client.getBooleanDetails("checkout", true, { targetingKey: "u" })).toMatchObject({
      value: true,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await client.getStringDetails("bare", "d", { targetingKey: "u" })).toMatchObject({ value: "d", errorCode: ErrorCode.GENERAL });
  });
});
