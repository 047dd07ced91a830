/** Helpers for rollout tests: a policy, a program with two versions, and traffic of known quality. */
import type { Harness } from "../testing/harness.js";

export function testPolicy(program: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    program,
    owners: ["ml-team"],
    metrics: {
      error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
      latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
    },
    gates: {
      registry: [{ metric: "f1", min: 0.2 }],
      preproduction: [{ metric: "f1", delta: { min: 0.01 } }],
      live: [
        { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
        { metric: "latency_mean", test: "non_inferiority", margin: 5 },
      ],
      minSamples: 200,
    },
    rollout: {
      mode: "canary",
      steps: [
        { weight: "10%", duration: "5m", minSamples: 200 },
        { weight: "50%", duration: "5m", minSamples: 200 },
      ],
      evaluateEvery: "10s",
    },
    ...overrides,
  };
}

export async function setupProgram(h: Harness, program: string, policy = testPolicy(program)): Promise<void> {
  const applied = await h.call("PUT", `/v1/programs/${program}/policy`, { body: policy });
  if (applied.status !== 200) throw new Error(`policy: ${JSON.stringify(applied.body)}`);
  for (const f1 of [0.3, 0.35, 0.36]) {
    const res = await h.call("POST", `/v1/programs/${program}/candidates`, { body: { artifactUri: `s3://m/${f1}`, metrics: { f1 } } });
    if (res.status !== 201) throw new Error(`register: ${JSON.stringify(res.body)}`);
  }
  await h.call("PUT", `/v1/programs/${program}/aliases/champion`, { body: { version: 1, reason: "initial" } });
}

let batch = 0;
/**
 * Sends `units` units split by `weights` (version → share), each with one
 * exposure and one request whose error probability and latency are the version's.
 */
export async function sendTraffic(
  h: Harness,
  program: string,
  at: Date,
  units: number,
  weights: Record<number, number>,
  quality: Record<number, { errorRate: number; latencyMs: number }>,
  random: () => number = Math.random,
): Promise<void> {
  const events: unknown[] = [];
  for (let i = 0; i < units; i++) {
    const draw = random();
    let acc = 0;
    let version = Number(Object.keys(weights)[0]);
    for (const [v, w] of Object.entries(weights)) {
      acc += w;
      if (draw < acc) {
        version = Number(v);
        break;
      }
    }
    const q = quality[version]!;
    const unitId = `u-${batch}-${i}`;
    events.push({ type: "exposure", program, version, unitId, at: at.toISOString() });
    events.push({
      type: "request",
      program,
      version,
      unitId,
      success: random() >= q.errorRate,
      latencyMs: q.latencyMs + (random() - 0.5) * 20,
      at: at.toISOString(),
    });
  }
  const res = await h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: { batchId: `traffic-${batch++}-${program}`, events } });
  if (res.status !== 200 || res.body.rejected.length > 0) throw new Error(`telemetry: ${JSON.stringify(res.body).slice(0, 500)}`);
}
