/**
 * The dashboard's pictures and who sees which action, in a real headless Chromium against a
 * real Arena server: forest plots on a labelled zero-based axis per row (a value and its bound
 * as far apart as their numbers), charts that keep a sensible size, no Approve for the
 * requester (who holds the approver role too), a skipped sample-ratio check read as skipped,
 * a finished rollout that shows the evidence it ended on, and every program's decisions on
 * one page. Screenshots go to test-artifacts/dashboard/ (and docs/images/ with ARENA_DOCS_SCREENSHOTS=1).
 */
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer } from "../src/server/runtime/start.js";
import { approvalPolicy, sendGoodTraffic, setupProgram, waitFor, type Api } from "./support/dashboard-scenario.js";
import { startDashboardSession } from "./support/dashboard-session.js";

const root = resolve(import.meta.dirname, "..");
const artifacts = join(root, "test-artifacts/dashboard");
const docsImages = process.env.ARENA_DOCS_SCREENSHOTS === "1" ? join(root, "docs/images") : null;
const PROGRAM = "fraud-detector";

/** One metric, no SLOs, no approvals: the lone-chart and "add slos:" cases. */
function singleMetricPolicy(program: string): Record<string, unknown> {
  const base = approvalPolicy(program, "nobody");
  return {
    ...base,
    description: "search ranker (one metric)",
    metrics: { latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } } },
    gates: {
      preproduction: [],
      live: [{ metric: "latency_mean", test: "non_inferiority", margin: 5 }],
      minSamples: 200,
      burnIn: { duration: "30m", conditions: [] },
    },
    approvals: { roles: [] },
    slos: [],
  };
}

describe("dashboard evidence and actions in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Api;
  const tokens: Record<string, string> = {};
  let rolloutId: string;
  let rankerRollout: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const session = await startDashboardSession("arena-dash-ev-", artifacts);
    ({ browser, server, api } = session);
    for (const [name, roles] of [
      ["lead-lee", ["operator", "approver"]],
      ["approver-ann", ["approver"]],
      ["sdk-app", ["sdk"]],
    ] as const) {
      tokens[name] = (await api<{ token: string }>("POST", "/v1/tokens", { name, roles })).token;
    }
    // Lee may approve as model-owner in general, but not the rollout he requests.
    await setupProgram(api, PROGRAM, "approver-ann", {
      ...approvalPolicy(PROGRAM, "approver-ann"),
      approvals: { roles: [{ name: "model-owner", members: ["approver-ann", "lead-lee"] }] },
    });
    await setupProgram(api, "ranker", "nobody", singleMetricPolicy("ranker"));
    rolloutId = (
      await api<{ rollout: { id: string } }>("POST", `/v1/programs/${PROGRAM}/rollouts`, { challengers: [2] }, tokens["lead-lee"])
    ).rollout.id;
    rankerRollout = (
      await api<{ rollout: { id: string } }>("POST", "/v1/programs/ranker/rollouts", { challengers: [2] }, tokens["lead-lee"])
    ).rollout.id;
    await sendGoodTraffic(api, PROGRAM, 4000, tokens["sdk-app"]!);
    await sendGoodTraffic(api, "ranker", 4000, tokens["sdk-app"]!);
    await waitFor(
      async () => ((await api<{ status: string }>("GET", `/v1/rollouts/${rolloutId}`)).status === "awaiting_approval" ? true : undefined),
      "the rollout to await approval",
      60_000,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openAs(token: string, path: string, ready: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector("[data-ready]");
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector(`[data-ready="${ready}"]`);
    return page;
  }

  async function shot(page: Page, name: string, selector?: string): Promise<void> {
    const target = selector ? page.locator(selector).first() : page;
    await target.screenshot({ path: join(artifacts, `${name}.png`) });
    if (docsImages) await target.screenshot({ path: join(docsImages, `dashboard-${name}.png`) });
  }

  it("draws each forest row on a labelled zero-based axis: the p95 and its 150 ms bound sit where their numbers say", async () => {
    const page = await openAs(tokens["approver-ann"]!, `/rollouts/${rolloutId}`, "rollout");
    await expect.poll(() => page.locator("table.forest .verdict-pass").count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const rows = page.locator("table.forest tr.forest-row");
    for (let i = 0; i < (await rows.count()); i++) expect(await rows.nth(i).locator(".tick text").count()).toBeGreaterThanOrEqual(3);
    const p95 = page.locator("table.forest tr.forest-row", { hasText: "latency_p95" }).first();
    const geometry = await p95.locator("svg.forest-svg").evaluate((svg) => {
      const ticks = [...svg.querySelectorAll(".tick")].map((g) => ({
        label: g.querySelector("text")!.textContent,
        x: Number(g.querySelector("line")!.getAttribute("x1")),
      }));
      const dot = Number(svg.querySelector("circle.estimate")!.getAttribute("cx"));
      const bound = Number(svg.querySelector("line.threshold")!.getAttribute("x1"));
      const text = svg.querySelector(".tick text")!;
      return {
        ticks,
        dot,
        bound,
        unit: svg.querySelector(".axis-unit")?.textContent,
        width: svg.getBoundingClientRect().width,
        font: parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(text).fontSize),
        textHeight: text.getBoundingClientRect().height,
      };
    });
    expect(geometry.unit).toBe("ms");
    expect(geometry.ticks[0]!.label).toBe("0");
    const zero = geometry.ticks[0]!.x;
    const last = geometry.ticks.at(-1)!;
    const perMs = (last.x - zero) / Number(last.label!.replace(/[^\d.]/g, ""));
    const numbers = (await p95.locator(".numbers").textContent()) ?? "";
    const value = Number(/([\d.]+) ms/.exec(numbers)![1]);
    // The estimate and the bound are placed by their values on one scale (within a pixel of rounding).
    expect(Math.abs(geometry.dot - zero - value * perMs)).toBeLessThan(1.5);
    expect(Math.abs(geometry.bound - zero - 150 * perMs)).toBeLessThan(1.5);
    expect(geometry.width).toBeLessThanOrEqual(361);
    expect(geometry.font).toBeLessThanOrEqual(11);
    expect(geometry.textHeight).toBeLessThan(16);
    await shot(page, "forest-plot", "section[aria-labelledby='cmp-h']");
    await page.close();
  }, 120_000);

  it("offers the requester no Approve even though he holds the approver role; the named approver gets it", async () => {
    const members = (
      await api<{ document: { approvals: { roles: Array<{ members: string[] }> } } }>("GET", `/v1/programs/${PROGRAM}/policy`)
    ).document.approvals.roles[0]!.members;
    expect(members).toContain("lead-lee");
    const lee = await openAs(tokens["lead-lee"]!, `/rollouts/${rolloutId}`, "rollout");
    await expect.poll(() => lee.locator(".sign-off-why").textContent()).toMatch(/You requested this rollout/);
    expect(await lee.getByRole("button", { name: /Approve|Reject/ }).count()).toBe(0);
    // He is an operator too: the actions an operator may take are there.
    expect(await lee.getByRole("button", { name: "Pause" }).count()).toBe(1);
    await lee.close();
    const ann = await openAs(tokens["approver-ann"]!, `/rollouts/${rolloutId}`, "rollout");
    await expect.poll(() => ann.getByRole("button", { name: "Approve…" }).count()).toBe(1);
    expect(await ann.getByRole("button", { name: /Pause|Roll back|Abort/ }).count()).toBe(0);
    await ann.close();
  }, 60_000);

  it("keeps a lone chart at its size with small axis text, and says a policy without SLOs has none", async () => {
    const page = await openAs(tokens["approver-ann"]!, `/rollouts/${rankerRollout}`, "rollout", 1600);
    await expect.poll(() => page.locator("figure.series").count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const sizes = await page.locator("figure.series").evaluateAll((figs) =>
      figs.map((f) => ({
        width: f.getBoundingClientRect().width,
        text: Math.max(...[...f.querySelectorAll("svg text")].map((t) => t.getBoundingClientRect().height)),
      })),
    );
    for (const s of sizes) {
      expect(s.width).toBeLessThanOrEqual(561);
      expect(s.text).toBeLessThan(16);
    }
    expect(await page.locator("section[aria-labelledby='burn-h']").textContent()).toMatch(/No SLOs in the policy/);
    await shot(page, "lone-chart", "section[aria-labelledby='series-h']");
    await page.close();
  }, 60_000);

  it("reads the sample-ratio check during burn-in as skipped, and shows a finished rollout's evidence", async () => {
    await api("POST", `/v1/rollouts/${rolloutId}/approve`, { role: "model-owner", comment: "good" }, tokens["approver-ann"]);
    await waitFor(
      async () => ((await api<{ status: string }>("GET", `/v1/rollouts/${rolloutId}`)).status === "burn_in" ? true : undefined),
      "the promotion",
      30_000,
    );
    const page = await openAs(tokens["lead-lee"]!, `/rollouts/${rolloutId}`, "rollout");
    const srm = page.locator("section[aria-labelledby='srm-h']");
    await expect.poll(() => srm.locator(".badge").first().textContent()).toMatch(/skipped/);
    expect(await srm.locator(".badge").first().textContent()).not.toMatch(/pass/);

    await api("POST", `/v1/rollouts/${rolloutId}/rollback`, { reason: "support sees false positives" }, tokens["lead-lee"]);
    await expect.poll(() => page.locator(".facts .badge").first().textContent(), { timeout: 20_000 }).toMatch(/rolled back/);
    const analysis = await api<{ live: boolean; burn: unknown[]; observation: { srm: { valid: boolean; checked?: boolean } } | null }>(
      "GET",
      `/v1/rollouts/${rolloutId}/analysis`,
    );
    expect(analysis.live).toBe(false);
    const burn = page.locator("section[aria-labelledby='burn-h']");
    // The policy has an SLO: never the advice to add one; the rows it ended on, as the server gives them.
    await expect.poll(() => burn.textContent()).toMatch(/as it ended|ended at/);
    expect(await burn.textContent()).not.toMatch(/No SLOs in the policy/);
    expect(await burn.locator("table.burn tbody tr").count()).toBe(analysis.burn.length);
    if (analysis.burn.length === 0) expect(await burn.textContent()).toMatch(/The policy has 1 SLO/);
    const srmBadge = (await srm.locator(".badge").first().textContent()) ?? "";
    const obsSrm = analysis.observation?.srm;
    expect(srmBadge).toMatch(!obsSrm || obsSrm.checked === false ? /skipped/ : obsSrm.valid ? /pass/ : /fail/);
    await shot(page, "rollout-ended");
    await page.close();
  }, 90_000);

  it("lists every program's decisions on one page, newest first, and narrows to one program", async () => {
    const page = await openAs(tokens["approver-ann"]!, "/decisions", "decisions");
    await expect.poll(() => page.locator(".decision").count()).toBeGreaterThan(2);
    expect(await page.getByLabel("Program").inputValue()).toBe("");
    const programs = await page.locator(".decision .decision-program").allTextContents();
    expect(new Set(programs)).toEqual(new Set([PROGRAM, "ranker"]));
    const times = await page.locator(".decision time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")!));
    expect([...times].sort().reverse()).toEqual(times);
    await shot(page, "decisions-all");
    await page.getByLabel("Program").selectOption("ranker");
    await expect.poll(() => page.url()).toContain("program=ranker");
    await expect.poll(() => page.locator(".decision .decision-program").count()).toBe(0);
    const all = await api<{ decisions: unknown[] }>("GET", "/v1/decisions?program=ranker&limit=1000");
    await expect.poll(() => page.locator(".decision").count()).toBe(all.decisions.length);
    await page.close();
  }, 60_000);

  it("logged no page errors", () => {
    expect(problems).toEqual([]);
  });
});
