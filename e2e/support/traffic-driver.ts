/**
 * Streams telemetry for one program on the real clock: each unit is assigned by the real SDK (so shares
 * and sample ratios are the server's), sends an exposure and a request whose outcome is its version's.
 */
import { createClient } from "../../src/sdk/index.js";
import { mulberry32 } from "../../src/core/stats/random.js";
import type { Api } from "./dashboard-scenario.js";

export interface Quality {
  errorRate: number;
  latencyMs: () => number;
}

export interface Driver {
  /** Sends one batch of `units` units now. */
  send(units: number): Promise<void>;
  close(): Promise<void>;
}

export async function trafficDriver(
  url: string,
  token: string,
  api: Api,
  program: string,
  quality: (version: number) => Quality,
  seed = 1,
): Promise<Driver> {
  const sdk = createClient({ url, token, exposures: false });
  await sdk.ready(10_000);
  const random = mulberry32(seed);
  let batch = 0;
  return {
    async send(units: number) {
      const at = new Date().toISOString();
      const events: unknown[] = [];
      for (let i = 0; i < units; i++) {
        const unitId = `${program}-${batch}-${i}`;
        const version = sdk.resolve(program, unitId).version ?? 0;
        const q = quality(version);
        events.push({ type: "exposure", program, version, unitId, at });
        events.push({ type: "request", program, version, unitId, success: random() >= q.errorRate, latencyMs: q.latencyMs(), at });
      }
      await api("POST", "/v1/telemetry", { batchId: `${program}-drive-${seed}-${batch++}`, events });
    },
    close: () => sdk.close(),
  };
}
