/**
 * Issue 12, item 9: "the measured uplift was consistently lower than the simulated traffic's true
 * uplift". A known uplift (click-through 10.0 % → 10.7 %, +0.7 points) is driven through the real
 * SDK — units assigned by `resolve`, clicks recorded by its telemetry recorder — into the server,
 * and the controller's own live analysis is read back for many independent replicates. Arena's
 * estimate must be unbiased and its 95 % interval must cover the truth at least at its nominal
 * rate (the interval is a confidence sequence, so it is conservative).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/stats/random.js";
import { createClient } from "../../sdk/index.js";
import { startHarness, type Harness } from "../testing/harness.js";

const TRUE_UPLIFT = 0.007;
const RATES: Record<number, number> = { 1: 0.1, 2: 0.1 + TRUE_UPLIFT };
const REPLICATES = 20;
const UNITS = 5000;

describe("a known uplift through the SDK recorder is measured without bias, and covered", () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness();
    url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  }, 60_000);
  afterAll(() => h?.close());

  it(`${REPLICATES} replicates of ${UNITS} units at 50/50`, async () => {
    const estimates: number[] = [];
    let missed = 0;
    for (let rep = 0; rep < REPLICATES; rep++) {
      const program = `ranker-${rep}`;
      await h.call("PUT", `/v1/programs/${program}/policy`, {
        body: {
          program,
          metrics: {
            click_through: {
              kind: "proportion",
              direction: "higher",
              unit: "%",
              aggregation: "unit",
              source: { type: "event", event: "click", field: "count" },
            },
          },
          gates: { live: [{ metric: "click_through", test: "superiority" }], minSamples: 100 },
          rollout: { mode: "split", weight: "50%", duration: "1h" },
        },
      });
      for (const v of [1, 2])
        await h.call("POST", `/v1/programs/${program}/candidates`, { body: { artifactUri: `s3://r/${v}`, metrics: {} } });
      await h.call("PUT", `/v1/programs/${program}/aliases/champion`, { body: { version: 1, reason: "start" } });
      const id = (await h.call("POST", `/v1/programs/${program}/rollouts`, { body: { challengers: [2] } })).body.rollout.id as string;
      const sdk = createClient({ url, token: h.tokens.sdk, stream: false, telemetry: { trackUnits: true } });
      const random = mulberry32(1000 + rep);
      try {
        expect(await sdk.ready(10_000)).toBe(true);
        for (let i = 0; i < UNITS; i++) {
          const unitId = `u-${rep}-${i}`;
          const { version } = sdk.resolve(program, unitId);
          sdk.record.request(program, { version: version!, unitId, success: true, latencyMs: 50 });
          if (random() < RATES[version!]!) sdk.record.event(program, { version: version!, unitId, name: "click" });
        }
        await sdk.flush();
      } finally {
        await sdk.close();
      }
      const analysis = (await h.call("GET", `/v1/rollouts/${id}/analysis`)).body;
      const result = analysis.observation.challengers[0].live.results.find((r: { metric?: string }) => r.metric === "click_through") as {
        estimate: number;
        ci: [number, number];
      };
      estimates.push(result.estimate);
      if (!(result.ci[0] <= TRUE_UPLIFT && TRUE_UPLIFT <= result.ci[1])) missed++;
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
    console.info(
      `uplift: true +${(TRUE_UPLIFT * 100).toFixed(2)} pts, mean measured ${(mean * 100).toFixed(3)} pts (sd ${(sd * 100).toFixed(3)}), ${missed}/${REPLICATES} intervals missed the truth`,
    );
    // Unbiased: the mean of the replicates within 3 standard errors of the truth.
    expect(Math.abs(mean - TRUE_UPLIFT)).toBeLessThan((3 * sd) / Math.sqrt(REPLICATES));
    // Covered at least at the nominal 95 %: more than 3 misses in 20 has probability 0.016 at 5 %.
    expect(missed).toBeLessThanOrEqual(3);
  }, 300_000);
});
