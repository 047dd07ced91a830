/**
 * `npm run bench -- dashboard [--programs 200] [--rollouts 50] [--loads 7]`:
 * milliseconds from navigation to an interactive page in headless Chromium
 * (Debian's, through playwright-core), with 200 programs and 50 running
 * rollouts in the store, all created through the API of a real server process.
 *
 * "Interactive" is the app's `data-ready` attribute, set when the page has
 * rendered its first data (its controls then work). Each load is a fresh
 * browser context (cold cache, new event stream), timed from before
 * `page.goto`. value = median overview load; baseline.rolloutPageMs = the
 * same for a running rollout's page (live analysis, decisions, series).
 */
import { buildDashboard, launchChromium } from "./support/browser.js";
import { startServerProcess } from "./support/server-process.js";
import type { BenchResult } from "./result.js";

const TARGET_MS = 1000;

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function policy(program: string): Record<string, unknown> {
  return {
    program,
    owners: ["team-a"],
    metrics: {
      error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
      latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
    },
    gates: {
      live: [
        { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
        { metric: "latency_mean", test: "non_inferiority", margin: 5 },
      ],
      minSamples: 100,
    },
    // Long steps: the rollouts stay running for the whole benchmark.
    rollout: {
      mode: "canary",
      steps: [
        { weight: "10%", duration: "6h", minSamples: 100 },
        { weight: "50%", duration: "6h", minSamples: 100 },
      ],
      evaluateEvery: "10s",
    },
    slos: [
      {
        name: "availability",
        metric: "error_rate",
        objective: 0.99,
        rules: [{ long: "1h", short: "5m", burnRate: 14.4, severity: "page" }],
      },
    ],
  };
}

async function inParallel<T>(items: T[], width: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

export default async function dashboard(args: string[]): Promise<BenchResult> {
  const programs = arg(args, "programs", 200);
  const running = arg(args, "rollouts", 50);
  const loads = arg(args, "loads", 7);
  const browser = await launchChromium();
  // Fresh build of the current sources; the spawned server inherits ARENA_DASHBOARD_DIR.
  await buildDashboard();
  const server = await startServerProcess();
  try {
    const names = Array.from({ length: programs }, (_, i) => `program-${String(i).padStart(3, "0")}`);
    const seedStart = Date.now();
    const rolloutIds: string[] = [];
    await inParallel(names, 8, async (name, i) => {
      await server.api("PUT", `/v1/programs/${name}/policy`, policy(name));
      for (const v of [1, 2])
        await server.api("POST", `/v1/programs/${name}/candidates`, {
          artifactUri: `s3://models/${name}/${v}`,
          metrics: { f1: 0.3 + v / 100 },
        });
      await server.api("PUT", `/v1/programs/${name}/aliases/champion`, { version: 1, reason: "initial" });
      if (i < running) {
        const started = await server.api<{ rollout: { id: string } }>("POST", `/v1/programs/${name}/rollouts`, { challengers: [2] });
        rolloutIds.push(started.rollout.id);
        // Some traffic, so the health and the rollout page have numbers to compute.
        const at = new Date().toISOString();
        const events = Array.from({ length: 400 }, (_, u) => [
          { type: "exposure", program: name, version: u % 10 === 0 ? 2 : 1, unitId: `u${u}`, at },
          {
            type: "request",
            program: name,
            version: u % 10 === 0 ? 2 : 1,
            unitId: `u${u}`,
            success: u % 97 !== 0,
            latencyMs: 80 + (u % 40),
            at,
          },
        ]).flat();
        await server.api("POST", "/v1/telemetry", { batchId: `bench-${name}`, events });
      }
    });
    const seedMs = Date.now() - seedStart;
    const active = await server.api<{ rollouts: unknown[] }>("GET", "/v1/rollouts");
    if (active.rollouts.length !== running) throw new Error(`expected ${running} running rollouts, found ${active.rollouts.length}`);

    /**
     * wall: from before page.goto until Playwright sees the attribute (what the target is about);
     * inPage: the page's own clock (navigation start → the animation frame that first has the attribute).
     */
    const time = async (path: string, ready: string): Promise<{ wall: number; inPage: number; appMs: number; dataMs: number }> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      // Signed in as a person would be after the sign-in form: the token in this tab's sessionStorage.
      await context.addInitScript(`sessionStorage.setItem("arena.token", ${JSON.stringify(server.token)})`);
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(`${server.url}${path}`, { waitUntil: "commit" });
      // A function, not a string: the dashboard's CSP forbids evaluating strings in the page.
      const seen = await page.waitForFunction(
        (selector: string) =>
          (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector)
            ? performance.now()
            : 0,
        `[data-ready="${ready}"]`,
        { polling: "raf", timeout: 30_000 },
      );
      const wall = Date.now() - start;
      const inPage = (await seen.jsonValue()) as number;
      // Where the time goes: the app chunk (React) downloaded, and the page's first data received.
      const resources = await page.evaluate<Array<{ name: string; responseEnd: number }>>(
        `performance.getEntriesByType("resource").map((e) => ({ name: e.name, responseEnd: e.responseEnd }))`,
      );
      const appMs = resources.find((e) => e.name.includes("/assets/boot-"))?.responseEnd ?? NaN;
      const dataMs = resources.find((e) => /\/v1\/(dashboard\/overview|rollouts\/[^/]+$)/.test(e.name))?.responseEnd ?? NaN;
      await context.close();
      return { wall, inPage, appMs, dataMs };
    };
    const rolloutPath = `/rollouts/${rolloutIds[0]}`;
    await time("/", "overview");
    await time(rolloutPath, "rollout");
    const overview: number[] = [];
    const rollout: number[] = [];
    const overviewInPage: number[] = [];
    const rolloutInPage: number[] = [];
    const app: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < loads; i++) {
      const o = await time("/", "overview");
      overview.push(o.wall);
      overviewInPage.push(o.inPage);
      app.push(o.appMs);
      data.push(o.dataMs);
      const r = await time(rolloutPath, "rollout");
      rollout.push(r.wall);
      rolloutInPage.push(r.inPage);
    }
    const apiTimes: number[] = [];
    const analysisTimes: number[] = [];
    for (let i = 0; i < loads; i++) {
      let t = performance.now();
      await server.api("GET", "/v1/dashboard/overview");
      apiTimes.push(performance.now() - t);
      t = performance.now();
      await server.api("GET", `/v1/rollouts/${rolloutIds[0]}/analysis`);
      analysisTimes.push(performance.now() - t);
    }
    const value = median(overview);
    console.log(`seeded ${programs} programs and ${running} running rollouts through the API in ${seedMs} ms`);
    console.log(`overview loads (ms): ${overview.join(", ")}; in-page ${overviewInPage.map((x) => x.toFixed(0)).join(", ")}`);
    console.log(`rollout page loads (ms): ${rollout.join(", ")}; in-page ${rolloutInPage.map((x) => x.toFixed(0)).join(", ")}`);
    console.log(
      `overview, in-page: app chunk received at ${app.map((x) => x.toFixed(0)).join(", ")} ms; overview data received at ${data.map((x) => x.toFixed(0)).join(", ")} ms`,
    );
    console.log(`GET /v1/dashboard/overview alone (ms): ${apiTimes.map((x) => x.toFixed(0)).join(", ")}`);
    console.log(`GET /v1/rollouts/:id/analysis alone (ms): ${analysisTimes.map((x) => x.toFixed(0)).join(", ")}`);
    return {
      bench: "dashboard",
      value,
      unit: "ms",
      baseline: { rolloutPageMs: median(rollout) },
      ratio: +(value / TARGET_MS).toFixed(3),
      targetMs: TARGET_MS,
      programs,
      runningRollouts: running,
      loads,
      overviewInPageMs: +median(overviewInPage).toFixed(1),
      rolloutInPageMs: +median(rolloutInPage).toFixed(1),
      overviewApiMs: +median(apiTimes).toFixed(1),
      analysisApiMs: +median(analysisTimes).toFixed(1),
      appChunkReceivedMs: +median(app).toFixed(1),
      overviewDataReceivedMs: +median(data).toFixed(1),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
