/**
 * The real @openfeature/ofrep-web-provider with the real @openfeature/web-sdk, bundled and run
 * in a page of Debian's Chromium, against a real Arena server's OFREP bulk endpoint: 10,000
 * units (one context change each) agree with `arena resolve --units` (the CLI itself), an alias move
 * arrives within the configured polling interval (measured and printed), errors map.
 */
import { createClient, type ArenaClient } from "@arena/sdk";
import type { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import type { OpenFeature, ProviderEvents } from "@openfeature/web-sdk";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../bench/support/browser.js";
import type { RunningServer } from "../src/server/runtime/start.js";
import { bundleOfrepWeb, openOfrepPage } from "./support/ofrep-web-page.js";
import { arenaResolve, moveChallenger, startFlagServer, unitIds, type Call } from "./support/openfeature-scenario.js";

const UNITS = unitIds(10_000);
const POLL_MS = 1_000;
let browser: Browser;
let server: RunningServer;
let admin: Call;
let sdkToken: string;
let adminToken: string;
let reference: ArenaClient;
let bundle: string;
const problems: string[] = [];

/** What the page's OpenFeature client answers for a unit: [variant, string value, version, errorCode]. */
type Answer = [string | undefined, string, number, string | undefined];

interface PageGlobals {
  ofrep: {
    OpenFeature: typeof OpenFeature;
    OFREPWebProvider: typeof OFREPWebProvider;
    ProviderEvents: typeof ProviderEvents;
  };
  changes: number;
}

async function page(token: string, targetingKey: string | undefined, domain: string): Promise<{ page: Page; init: string }> {
  const p = await openOfrepPage(browser, server.url, bundle);
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const init = await p.evaluate(
    async ({ token, targetingKey, domain, pollMs }) => {
      const g = globalThis as unknown as PageGlobals;
      const { OpenFeature, OFREPWebProvider, ProviderEvents } = g.ofrep;
      g.changes = 0;
      const provider = new OFREPWebProvider({
        baseUrl: (globalThis as unknown as { location: { origin: string } }).location.origin,
        headers: [["Authorization", `Bearer ${token}`]],
        pollInterval: pollMs,
        cacheMode: "disabled",
      });
      await OpenFeature.setContext(domain, targetingKey === undefined ? {} : { targetingKey });
      OpenFeature.getClient(domain).addHandler(ProviderEvents.ConfigurationChanged, () => void g.changes++);
      try {
        await OpenFeature.setProviderAndWait(domain, provider);
        return "ready";
      } catch (error) {
        return `failed: ${String(error)}`;
      }
    },
    { token, targetingKey, domain, pollMs: POLL_MS },
  );
  return { page: p, init };
}

function answers(p: Page, domain: string, units: string[]): Promise<Answer[]> {
  return p.evaluate(
    async ({ domain, units }) => {
      const { OpenFeature } = (globalThis as unknown as PageGlobals).ofrep;
      const client = OpenFeature.getClient(domain);
      const out: Answer[] = [];
      for (const targetingKey of units) {
        await OpenFeature.setContext(domain, { targetingKey });
        const d = client.getStringDetails("checkout", "none");
        out.push([d.variant, d.value, client.getNumberValue("checkout:version", 0), d.errorCode]);
      }
      return out;
    },
    { domain, units },
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  bundle = await bundleOfrepWeb();
  ({ server, admin, adminToken, sdkToken } = await startFlagServer());
  reference = createClient({ url: server.url, token: sdkToken, exposures: false, telemetry: false });
  expect(await reference.ready(10_000)).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await reference?.close();
  await server?.close();
});

describe("@openfeature/ofrep-web-provider in Chromium against Arena's OFREP bulk endpoint", () => {
  it("agrees with arena resolve for 10,000 units", async () => {
    const { page: p, init } = await page(sdkToken, UNITS[0], "agree");
    expect(init).toBe("ready");
    const cli = await arenaResolve(server.url, adminToken, "checkout", UNITS);
    const mismatches: string[] = [];
    for (let start = 0; start < UNITS.length; start += 1_000) {
      const batch = UNITS.slice(start, start + 1_000);
      const got = await answers(p, "agree", batch);
      batch.forEach((unit, i) => {
        const expected = cli.get(unit)!;
        const [variant, value, version, errorCode] = got[i]!;
        if (variant !== expected.alias || value !== expected.artifactUri || version !== expected.version || errorCode !== undefined) {
          mismatches.push(`${unit}: ${JSON.stringify(got[i])} vs ${expected.alias} v${expected.version}`);
        }
      });
    }
    expect(mismatches).toEqual([]);
    const flags = await p.evaluate(() => {
      const { OpenFeature } = (globalThis as unknown as PageGlobals).ofrep;
      const client = OpenFeature.getClient("agree");
      return {
        config: client.getObjectValue("checkout:config", {}),
        dark: client.getBooleanValue("dark-mode:config", false),
        unit: OpenFeature.getContext("agree").targetingKey,
      };
    });
    expect(flags.config).toEqual(reference.peek("checkout", flags.unit as string).config);
    expect(flags.dark).toBe(reference.peek("dark-mode", flags.unit as string).config);
    await p.close();
  }, 600_000);

  it("sees an alias move within its polling interval, with PROVIDER_CONFIGURATION_CHANGED", async () => {
    const onChallenger = UNITS.find((u) => reference.peek("checkout", u).alias === "challenger")!;
    const { page: p, init } = await page(sdkToken, onChallenger, "move");
    expect(init).toBe("ready");
    const value = () =>
      p.evaluate(() => (globalThis as unknown as PageGlobals).ofrep.OpenFeature.getClient("move").getStringValue("checkout", "none"));
    expect(await value()).toBe(reference.peek("checkout", onChallenger).artifactUri);
    const movedAt = performance.now();
    await moveChallenger(admin, 3);
    while ((await value()) !== "v3") await new Promise((r) => setTimeout(r, 5));
    console.log(
      `[openfeature] ofrep-web-provider (Chromium, pollInterval ${POLL_MS} ms) saw the alias move after ${(performance.now() - movedAt).toFixed(0)} ms`,
    );
    expect(await p.evaluate(() => (globalThis as unknown as PageGlobals).changes)).toBeGreaterThan(0);
    await moveChallenger(admin, 2);
    await p.close();
  });

  it("maps the error cases", async () => {
    const { page: p, init } = await page(sdkToken, "user-1", "errors");
    expect(init).toBe("ready");
    const details = await p.evaluate(() => {
      const client = (globalThis as unknown as PageGlobals).ofrep.OpenFeature.getClient("errors");
      return {
        missing: client.getStringDetails("no-such-program", "d").errorCode,
        mismatch: client.getNumberDetails("checkout", 0).errorCode,
        bare: client.getStringDetails("bare", "d"),
      };
    });
    expect(details).toMatchObject({ missing: "FLAG_NOT_FOUND", mismatch: "TYPE_MISMATCH", bare: { value: "d", errorCode: "GENERAL" } });
    await p.close();

    const forged = await page("arena_forged", "user-1", "forged");
    expect(forged.init).toMatch(/failed/);
    await forged.page.close();
    const keyless = await page(sdkToken, undefined, "keyless");
    expect(keyless.init).toMatch(/failed.*400/);
    await keyless.page.close();
    expect(problems).toEqual([]);
  });
});
