/**
 * Headless Chromium for the dashboard's browser tests and benchmark: Debian's
 * /usr/bin/chromium driven by playwright-core (no browser download). Missing
 * Chromium is an error with the fix in it, never a skipped test.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.ARENA_CHROMIUM ?? "/usr/bin/chromium";
const root = resolve(import.meta.dirname, "../..");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does it) or point ARENA_CHROMIUM at a Chromium binary. The dashboard's browser tests cannot run without it.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Builds the dashboard from the current sources into a fresh folder and points
 * ARENA_DASHBOARD_DIR at it (inherited by servers started afterwards, in process or
 * spawned), so a test never serves a stale build nor races another build of dist/.
 */
export async function buildDashboard(): Promise<string> {
  const { build } = await import("vite");
  const outDir = mkdtempSync(join(tmpdir(), "arena-dashboard-"));
  // Under vitest NODE_ENV is "test", which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(root, "src/dashboard/vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  process.env.ARENA_DASHBOARD_DIR = outDir;
  return outDir;
}
