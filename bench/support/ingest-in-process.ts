/**
 * The server's own cost per batch, without sockets or a second process: fastify's
 * inject into the real app on SQLite (durable, one batch at a time) against
 * JSON.parse alone on the same body, in interleaved rounds. Minima are what each
 * costs on a free core; on a shared machine they are far steadier than throughputs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildApp } from "../../src/server/app.js";
import { SYSTEM_ACTOR } from "../../src/server/context.js";
import { SqliteStore } from "../../src/server/store/sqlite-store.js";
import { quantile } from "./stats.js";

export interface InProcessCost {
  /** ms per batch: minimum and median over rounds. */
  parseMs: { min: number; median: number };
  serverMs: { min: number; median: number };
}

export async function ingestCostInProcess(program: string, eventArrays: readonly Buffer[], rounds = 30): Promise<InProcessCost> {
  const dir = mkdtempSync(join(tmpdir(), "arena-ingest-"));
  const store = new SqliteStore(join(dir, "arena.db"));
  const arena = await buildApp({ store });
  try {
    const token = (await arena.services.tokens.create("bench", ["admin"], SYSTEM_ACTOR)).token;
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    await arena.app.inject({ method: "POST", url: "/v1/programs", headers, payload: JSON.stringify({ name: program }) });
    let n = 0;
    const body = (i: number): Buffer =>
      Buffer.concat([Buffer.from(`{"batchId":"in-process-${n++}","events":`), eventArrays[i % eventArrays.length]!, Buffer.from("}")]);
    const parse: number[] = [];
    const server: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let t = 0;
      for (let i = 0; i < 4; i++) {
        const text = body(i).toString("utf8");
        const t0 = performance.now();
        JSON.parse(text);
        t += performance.now() - t0;
      }
      parse.push(t / 4);
      t = 0;
      for (let i = 0; i < 4; i++) {
        const payload = body(i);
        const t0 = performance.now();
        const res = await arena.app.inject({ method: "POST", url: "/v1/telemetry", headers, payload });
        t += performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`in-process ingest: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      server.push(t / 4);
    }
    const stats = (xs: number[]) => ({ min: Math.min(...xs), median: quantile(xs, 0.5) });
    return { parseMs: stats(parse), serverMs: stats(server) };
  } finally {
    await arena.app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
