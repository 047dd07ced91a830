/**
 * The dashboard in a real headless Chromium against a real Arena server
 * (in process, SQLite, real clock and controller): sign in, overview, a
 * running rollout that turns gated live, approval by someone else than the
 * requester, promotion seen live as @champion moves, roll back, and a viewer
 * who is shown no action. Screenshots go to test-artifacts/dashboard/
 * (and to docs/images/ with ARENA_DOCS_SCREENSHOTS=1).
 */
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer } from "../src/server/runtime/start.js";
import { sendGoodTraffic, setupProgram, type Api } from "./support/dashboard-scenario.js";
import { startDashboardSession } from "./support/dashboard-session.js";

const root = resolve(import.meta.dirname, "..");
const artifacts = join(root, "test-artifacts/dashboard");
const docsImages = process.env.ARENA_DOCS_SCREENSHOTS === "1" ? join(root, "docs/images") : null;
const PROGRAM = "fraud-detector";
const DOC_SHOTS = ["overview", "rollout-awaiting-approval", "rollout-promoted", "overview-narrow"];

describe("dashboard in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Api;
  const tokens: Record<string, string> = {};
  let rolloutId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const session = await startDashboardSession("arena-dash-e2e-", artifacts);
    ({ browser, server, api } = session);
    const admin = session.admin;
    tokens.admin = admin;
    for (const [name, role] of [
      ["ops-olga", "operator"],
      ["approver-ann", "approver"],
      ["viewer-vic", "viewer"],
      ["sdk-app", "sdk"],
    ] as const) {
      tokens[name] = (await api<{ token: string }>("POST", "/v1/tokens", { name, roles: [role] })).token;
    }
    await setupProgram(api, PROGRAM, "approver-ann");
    await setupProgram(api, "ranker", "approver-ann");
    const started = await api<{ rollout: { id: string } }>(
      "POST",
      `/v1/programs/${PROGRAM}/rollouts`,
      { challengers: [2] },
      tokens["ops-olga"],
    );
    rolloutId = started.rollout.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(width = 1280, height = 860): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !/401|403|Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    return page;
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector("[data-ready]");
    // The token lives in this tab's sessionStorage, never in an address.
    expect(page.url()).not.toContain(token);
  }

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });
    // docs/ keeps a few small ones: the viewport only.
    if (docsImages && DOC_SHOTS.includes(name)) await page.screenshot({ path: join(docsImages, `dashboard-${name}.png`) });
  }

  const champion = async () => (await api<{ version: number }>("GET", `/v1/programs/${PROGRAM}/aliases/champion`)).version;

  it("serves the app with a strict Content-Security-Policy and a client-route fallback", async () => {
    const res = await fetch(`${server.url}/rollouts/${rolloutId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe");
    expect(await res.text()).toContain('<div id="root">');
  });

  it("approves a gated promotion live, then rolls back, as two different people", async () => {
    const page = await newPage();
    await signIn(page, tokens["approver-ann"]!);
    const row = page.getByRole("row", { name: new RegExp(PROGRAM) });
    await expect.poll(() => row.count()).toBe(1);
    await shot(page, "overview");

    // Open the running rollout from the overview.
    await row.getByRole("link", { name: /v1 vs v2/ }).click();
    await page.waitForSelector('[data-ready="rollout"]');
    await expect.poll(() => page.locator(".facts .badge").first().textContent()).toMatch(/running/);
    expect(await page.getByTestId("champion-now").textContent()).toContain("v1");

    // Telemetry arrives; the page turns to "awaiting approval" by itself (no reload).
    const before = page.url();
    await sendGoodTraffic(api, PROGRAM, 4000, tokens["sdk-app"]!);
    await expect.poll(() => page.locator(".facts .badge").first().textContent(), { timeout: 30_000 }).toMatch(/awaiting approval/);
    expect(page.url()).toBe(before);
    await expect.poll(() => page.locator("table.forest .verdict-pass").count()).toBeGreaterThanOrEqual(3);
    await shot(page, "rollout-awaiting-approval", true);

    // Approve (Ann is not the requester Olga), confirming in the dialog.
    await page.getByRole("button", { name: "Approve…" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel(/Approval role/).selectOption("model-owner");
    await dialog.getByLabel(/Comment/).fill("offline and live numbers look good");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // The controller promotes at its next look; the page shows @champion move without a reload.
    await expect.poll(() => page.getByTestId("champion-now").textContent(), { timeout: 20_000 }).toContain("v2");
    expect(await champion()).toBe(2);
    await expect.poll(() => page.locator(".facts .badge").first().textContent()).toMatch(/burn in/);
    // An approver may not roll back: the button is not there.
    expect(await page.getByRole("button", { name: "Roll back…" }).count()).toBe(0);
    await shot(page, "rollout-promoted");

    // Sign out clears the token; sign in as the operator and roll back.
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    await signIn(page, tokens["ops-olga"]!);
    await page.goto(`${server.url}/rollouts/${rolloutId}`);
    await page.waitForSelector('[data-ready="rollout"]');
    await page.getByRole("button", { name: "Roll back…" }).click();
    const confirm = page.getByRole("dialog");
    // The reason is required: confirming without one says so and does nothing.
    await confirm.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => confirm.getByRole("alert").textContent()).toMatch(/Reason: required/);
    await confirm.getByLabel(/Reason/).fill("false-positive complaints from support");
    await confirm.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => page.getByTestId("champion-now").textContent(), { timeout: 10_000 }).toContain("v1");
    expect(await champion()).toBe(1);
    await expect.poll(() => page.locator(".facts .badge").first().textContent()).toMatch(/rolled back/);

    // Both actions are in the audit trail, under each person's name, and the chain verifies.
    await page.getByRole("link", { name: "Audit" }).click();
    await page.waitForSelector('[data-ready="audit"]');
    await expect.poll(() => page.locator(".banner.ok").textContent()).toMatch(/intact/);
    const rows = await page.locator("table.audit tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("approver-ann") && r.includes("rollout.approve"))).toBe(true);
    expect(rows.some((r) => r.includes("ops-olga") && r.includes("rollout.rollback"))).toBe(true);
    await shot(page, "audit");

    await page.goto(`${server.url}/programs/${PROGRAM}`);
    await page.waitForSelector('[data-ready="program"]');
    await expect.poll(() => page.locator(".timeline li").count()).toBeGreaterThanOrEqual(3);
    await shot(page, "program", true);
    await page.goto(`${server.url}/decisions?program=${PROGRAM}`);
    await page.waitForSelector('[data-ready="decisions"] .decision');
    await shot(page, "decisions");
    await page.close();
  }, 180_000);

  it("shows a viewer no action at all", async () => {
    const page = await newPage();
    await signIn(page, tokens["viewer-vic"]!);
    expect(await page.getByRole("button", { name: /Freeze/ }).count()).toBe(0);
    await page.goto(`${server.url}/rollouts/${rolloutId}`);
    await page.waitForSelector('[data-ready="rollout"]');
    expect(await page.getByRole("group", { name: "Rollout actions" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Approve|Roll back|Pause|Promote|Abort|Reject/ }).count()).toBe(0);
    await page.close();
  });

  it("stays readable at a narrow width and says what to do with a bad token", async () => {
    const page = await newPage(390, 800);
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill("arena_not-a-real-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/arena token create/);
    await signIn(page, tokens.admin!);
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, "overview-narrow");
    await page.close();
  });

  it("logged no page errors and no Content-Security-Policy violations", () => {
    expect(problems).toEqual([]);
  });
});
