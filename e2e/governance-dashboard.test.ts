/**
 * The change-requests page in a real headless Chromium against a real server: the approver sees
 * the pending request with its diff and approves it (the alias moves), the requester sees no
 * approve button on her own request, a viewer sees no action at all.
 */
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer } from "../src/server/runtime/start.js";
import { setupProgram, type Api } from "./support/dashboard-scenario.js";
import { startDashboardSession } from "./support/dashboard-session.js";

const artifacts = join(resolve(import.meta.dirname, ".."), "test-artifacts/dashboard");

describe("change requests on the dashboard", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Api;
  const tokens: Record<string, string> = {};
  const problems: string[] = [];

  beforeAll(async () => {
    const session = await startDashboardSession("arena-dash-cr-", artifacts);
    ({ browser, server, api } = session);
    for (const [name, role] of [
      ["olga", "operator"],
      ["ann", "approver"],
      ["vic", "viewer"],
    ] as const)
      tokens[name] = (await api<{ token: string }>("POST", "/v1/tokens", { name, roles: [role] })).token;
    await setupProgram(api, "fraud-detector", "ann");
    const res = await fetch(new URL("/v1/programs/fraud-detector/aliases/champion", server.url), {
      method: "PUT",
      headers: { authorization: `Bearer ${tokens.olga}`, "content-type": "application/json" },
      body: JSON.stringify({ version: 2, reason: "v48 is better offline" }),
    });
    expect(res.status).toBe(202);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector("[data-ready]");
    await page.getByRole("link", { name: "Changes" }).click();
    await page.waitForSelector('[data-ready="changes"]');
    return page;
  }

  it("shows the requester no approve button and a viewer no action", async () => {
    const olga = await signedIn(tokens.olga!);
    const card = olga.getByRole("article", { name: /Change request cr_/ });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain("Requested by olga");
    expect(await card.getByRole("button", { name: "Approve…" }).count()).toBe(0);
    // She may withdraw her own request (the server lets its requester reject it).
    expect(await card.getByRole("button", { name: "Withdraw…" }).count()).toBe(1);
    await olga.close();
    const vic = await signedIn(tokens.vic!);
    await expect.poll(() => vic.getByRole("article").count()).toBe(1);
    expect(
      await vic
        .getByRole("button")
        .filter({ hasText: /Approve|Reject/ })
        .count(),
    ).toBe(0);
    await vic.close();
  });

  it("lets the named approver approve; the change applies and leaves the page", async () => {
    const page = await signedIn(tokens.ann!);
    const card = page.getByRole("article", { name: /Change request cr_/ });
    await expect.poll(() => card.count()).toBe(1);
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("alias.move on fraud-detector");
    expect(text).toMatch(/"version": 1[\s\S]*"version": 2/);
    await page.screenshot({ path: join(artifacts, "change-requests.png") });
    await card.getByRole("button", { name: "Approve…" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel(/Approval role/).selectOption("model-owner");
    await dialog.getByLabel(/Comment/).fill("offline numbers hold");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.getByRole("article").count(), { timeout: 20_000 }).toBe(0);
    expect((await api<{ version: number }>("GET", "/v1/programs/fraud-detector/aliases/champion")).version).toBe(2);
    const applied = await api<{ entries: { actor: string; after: { requestedBy: { name: string } } }[] }>(
      "GET",
      "/v1/audit?action=change.apply",
    );
    expect(applied.entries[0]).toMatchObject({ actor: "ann", after: { requestedBy: { name: "olga" } } });
    expect(problems).toEqual([]);
    await page.close();
  });
});
