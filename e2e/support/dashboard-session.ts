/**
 * What every dashboard e2e starts with: headless Chromium (first, so a machine without it fails at
 * once with the fix in the message), the built dashboard, and a fresh real server on SQLite whose
 * bootstrap admin token drives the API.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildDashboard, launchChromium } from "../../bench/support/browser.js";
import { startServer, type RunningServer } from "../../src/server/runtime/start.js";
import { apiFor, type Api } from "./dashboard-scenario.js";

export interface DashboardSession {
  browser: Browser;
  server: RunningServer;
  api: Api;
  admin: string;
}

export async function startDashboardSession(dataDirPrefix: string, artifacts: string): Promise<DashboardSession> {
  const browser = await launchChromium();
  await buildDashboard();
  mkdirSync(artifacts, { recursive: true });
  let admin = "";
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), dataDirPrefix)),
    log: false,
    announce: (line) => (admin ||= /ARENA_TOKEN=(\S+)/.exec(line)?.[1] ?? ""),
  });
  return { browser, server, api: apiFor(server.url, admin), admin };
}
