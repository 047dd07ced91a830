/**
 * The programs the OpenFeature and OFREP tests evaluate: "checkout" with a champion and a
 * challenger at 30 % (artifacts and config payloads), "dark-mode" as a boolean flag (configs
 * false / true, challenger at 50 %), and "bare" without a champion.
 */
export type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

async function must(call: Call, method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await call(method, url, body);
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function setUpFlagPrograms(call: Call): Promise<void> {
  await must(call, "POST", "/v1/programs", { name: "checkout", owners: ["web"] });
  await must(call, "POST", "/v1/programs/checkout/candidates", { artifactUri: "oci://shop/checkout:7", config: { theme: "classic", steps: 3 } });
  await must(call, "POST", "/v1/programs/checkout/candidates", { artifactUri: "oci://shop/checkout:8", config: { theme: "express", steps: 1 } });
  await must(call, "POST", "/v1/programs/checkout/candidates", { artifactUri: null, config: { theme: "rescue", steps: 2 } });
  await must(call, "PUT", "/v1/programs/checkout/aliases/champion", { version: 1, reason: "initial" });
  await must(call, "PUT", "/v1/programs/checkout/aliases/challenger", { version: 2, reason: "canary" });
  await must(call, "PUT", "/v1/programs/checkout/traffic", { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.3 }], reason: "canary at 30 %" });

  await must(call, "POST", "/v1/programs", { name: "dark-mode", owners: ["web"] });
  await must(call, "POST", "/v1/programs/dark-mode/candidates", { config: false });
  await must(call, "POST", "/v1/programs/dark-mode/candidates", { config: true });
  await must(call, "PUT", "/v1/programs/dark-mode/aliases/champion", { version: 1, reason: "off" });
  await must(call, "PUT", "/v1/programs/dark-mode/aliases/challenger", { version: 2, reason: "on for half" });
  await must(call, "PUT", "/v1/programs/dark-mode/traffic", { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.5 }], reason: "50 %" });

  await must(call, "POST", "/v1/programs", { name: "bare", owners: ["web"] });
  await must(call, "POST", "/v1/programs/bare/candidates", { artifactUri: "s3://bare/1" });
}

/** Moves checkout's @challenger to v3 (no artifact: its string value is "v3"). */
export async function moveChallenger(call: Call, version: number): Promise<void> {
  await must(call, "PUT", "/v1/programs/checkout/aliases/challenger", { version, reason: `challenger → v${version}` });
}

/** An HTTP Call against a running server with a token. */
export function httpCall(url: string, token: string): Call {
  return async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

/** Unit ids used by the agreement tests. */
export function unitIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `user-${i}`);
}
