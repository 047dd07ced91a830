/**
 * Pre-serialised `request` event arrays for ingest benchmarks (~140 bytes an event, 90 % on
 * v1 and 10 % on v2, 1 % errors, times within the last two minutes), and a keep-alive POST
 * that streams one batch around a fresh batch id without re-serialising the events.
 */
import { request, type Agent } from "node:http";
import { round } from "./stats.js";

export function requestPayloads(program: string, batch: number, count: number, now: number): Buffer[] {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => {
    const events = Array.from({ length: batch }, () =>
      JSON.stringify({
        type: "request",
        program,
        version: random() < 0.9 ? 1 : 2,
        unitId: `u-${String(Math.floor(random() * 1e6)).padStart(6, "0")}`,
        success: random() > 0.01,
        latencyMs: round(20 + 200 * random() ** 3, 1),
        at: now - Math.floor(random() * 120_000),
      }),
    );
    return Buffer.from(`[${events.join(",")}]`);
  });
}

export interface PostAnswer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** POST /v1/telemetry with a body given in parts (written without concatenating them). */
export function postParts(url: string, token: string, agent: Agent, parts: readonly Buffer[]): Promise<PostAnswer> {
  const length = parts.reduce((sum, b) => sum + b.length, 0);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL("/v1/telemetry", url),
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": length },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    for (const part of parts.slice(0, -1)) req.write(part);
    req.end(parts[parts.length - 1]);
  });
}

/** POST /v1/telemetry {batchId, events} where `events` is an already serialised array. */
export function postBatch(url: string, token: string, agent: Agent, batchId: string, events: Buffer): Promise<PostAnswer> {
  return postParts(url, token, agent, [Buffer.from(`{"batchId":"${batchId}","events":`), events, Buffer.from("}")]);
}
