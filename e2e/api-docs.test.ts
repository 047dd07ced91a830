/**
 * The browsable API reference at /docs in real headless Chromium: every operation of
 * /openapi.json is rendered, under the page's CSP, with no CSP violation and no script error.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../bench/support/browser.js";
import { startServer, type RunningServer } from "../src/server/runtime/start.js";

const artifacts = join(resolve(import.meta.dirname, ".."), "test-artifacts/api-docs");

describe("API reference page in Chromium", () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), "arena-docs-e2e-")),
      log: false,
      announce: () => undefined,
    });
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("renders every operation without breaking its CSP", async () => {
    const problems: string[] = [];
    const page = await browser.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const res = await page.goto(`${server.url}/docs`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await page.waitForFunction(`document.querySelectorAll(".opblock").length >= ${operations}`, undefined, { timeout: 120_000 });
    expect(await page.locator(".opblock").count()).toBe(operations);
    expect(await page.locator(".info .title").innerText()).toContain("Arena API");
    await page
      .locator(".opblock-summary-path", { hasText: /^\/v1\/programs$/ })
      .first()
      .click();
    await page.waitForSelector(".opblock.is-open .responses-table");
    await page.screenshot({ path: join(artifacts, "docs.png") });
    expect(problems).toEqual([]);
    await page.close();
  });
});
