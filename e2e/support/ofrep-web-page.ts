import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";

/** Bundles the real @openfeature/web-sdk and @openfeature/ofrep-web-provider (with Vite) into one browser script. */
export async function bundleOfrepWeb(): Promise<string> {
  const { build } = await import("vite");
  const outDir = mkdtempSync(join(tmpdir(), "arena-ofrep-web-"));
  await build({
    configFile: false,
    logLevel: "warn",
    mode: "production",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: join(import.meta.dirname, "ofrep-web-entry.ts"), formats: ["es"], fileName: () => "ofrep-web.js" },
    },
  });
  return readFileSync(join(outDir, "ofrep-web.js"), "utf8");
}

/**
 * A page served at the Arena server's own origin (as an app behind the same reverse proxy would
 * be), holding the bundle; its OFREP requests go to the real server.
 */
export async function openOfrepPage(browser: Browser, origin: string, bundle: string): Promise<Page> {
  const page = await browser.newPage();
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>ofrep</title></head><body><script type="module" src="/__ofrep-test__/ofrep-web.js"></script></body></html>`;
  await page.route(`${origin}/__ofrep-test__/**`, (route) => {
    const js = route.request().url().endsWith(".js");
    return route.fulfill({ status: 200, contentType: js ? "text/javascript" : "text/html", body: js ? bundle : html });
  });
  await page.goto(`${origin}/__ofrep-test__/index.html`);
  await page.waitForFunction(() => "ofrep" in globalThis);
  return page;
}
