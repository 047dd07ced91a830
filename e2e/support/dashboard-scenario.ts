/**
 * A program whose rollout needs an approval before promotion, driven over the
 * real HTTP API: policy, two versions, @champion, a rollout requested by an
 * operator, and good telemetry so the live gate passes on the real clock.
 */
export interface Api {
  <T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
}

/** fetch with a token; throws with the server's message on anything but 2xx. */
export function apiFor(url: string, adminToken: string): Api {
  return async <T>(method: string, path: string, body?: unknown, token = adminToken): Promise<T> => {
    const res = await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export function approvalPolicy(program: string, approver: string): Record<string, unknown> {
  return {
    program,
    description: "card fraud model (promotion needs the model owner's approval)",
    owners: ["ml-fraud"],
    metrics: {
      error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
      latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
    },
    gates: {
      preproduction: [{ metric: "f1", delta: { min: 0.01 } }],
      live: [
        { metric: "error_rate", test: "non_inferiority", margin: 0.02 },
        { metric: "latency_mean", test: "non_inferiority", margin: 5 },
        { metric: "latency_p95", max: 150 },
      ],
      minSamples: 200,
      burnIn: { duration: "30m", conditions: [] },
    },
    rollout: { mode: "canary", steps: [{ weight: "50%", duration: "2s", minSamples: 200 }], evaluateEvery: "1s" },
    approvals: { roles: [{ name: "model-owner", members: [approver] }] },
    slos: [
      {
        name: "availability",
        metric: "error_rate",
        objective: 0.98,
        rules: [{ long: "10m", short: "1m", burnRate: 10, severity: "page" }],
      },
    ],
  };
}

/** Policy (the approval policy unless given), v1 (champion) and v2, without a rollout yet. */
export async function setupProgram(api: Api, program: string, approver: string, policy = approvalPolicy(program, approver)): Promise<void> {
  await api("PUT", `/v1/programs/${program}/policy`, policy);
  await api("POST", `/v1/programs/${program}/candidates`, {
    artifactUri: `s3://models/${program}/47`,
    metrics: { f1: 0.31, net_benefit: 52000 },
    provenance: { codeCommit: "4f1c2ab", dataFingerprint: "sha256:9d1e" },
    checks: [{ name: "security-scan", passed: true }],
  });
  await api("POST", `/v1/programs/${program}/candidates`, {
    artifactUri: `s3://models/${program}/48`,
    metrics: { f1: 0.335, net_benefit: 61000 },
    provenance: { codeCommit: "9e07d1c", dataFingerprint: "sha256:a41f" },
    checks: [{ name: "security-scan", passed: true }],
  });
  await api("PUT", `/v1/programs/${program}/aliases/champion`, { version: 1, reason: "initial champion" });
}

let batch = 0;
/** `units` units split evenly between v1 and v2, each an exposure and a request of the same quality (1 % errors, ~40 ms). */
export async function sendGoodTraffic(api: Api, program: string, units: number, sdkToken: string): Promise<void> {
  const at = new Date().toISOString();
  const events: unknown[] = [];
  for (let i = 0; i < units; i++) {
    const version = i % 2 === 0 ? 1 : 2;
    const unitId = `u-${batch}-${i}`;
    events.push({ type: "exposure", program, version, unitId, at });
    events.push({
      type: "request",
      program,
      version,
      unitId,
      success: i % 200 >= 2,
      latencyMs: 40 + ((i * 37) % 21) - 10 + (version === 2 ? -1 : 0),
      at,
    });
  }
  await api("POST", "/v1/telemetry", { batchId: `dash-${process.pid}-${batch++}`, events }, sdkToken);
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
