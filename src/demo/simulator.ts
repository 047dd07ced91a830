import { createClient } from "../sdk/index.js";
import type { Quality } from "./scenarios.js";

export interface Simulator {
  stop(): Promise<void>;
  served(): Record<string, Record<string, number>>;
}

/** A latency draw around `mean` with a long right tail (log-normal, σ = 0.25). */
function latency(mean: number): number {
  const u = Math.max(1e-12, Math.random());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
  return mean * Math.exp(0.25 * z - 0.03125);
}

/**
 * Plays a fleet of serving processes: resolves random users through the real
 * SDK (streaming snapshot, local assignment, batched exposures), invokes shadow
 * challengers when due, and records each request's outcome with the SDK
 * recorder, the served version answering with its known quality.
 */
export function startSimulator(options: {
  url: string;
  token: string;
  programs: string[];
  requestsPerSecond: number;
  quality: Map<string, Map<number, Quality>>;
}): Simulator {
  const client = createClient({
    url: options.url,
    token: options.token,
    exposures: { flushIntervalMs: 1_000, maxBuffer: 100_000, batchSize: 5_000 },
    telemetry: { flushIntervalMs: 1_000 },
  });
  const counts: Record<string, Record<string, number>> = {};
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((options.requestsPerSecond * tickMs) / 1000));
  const serve = (program: string, version: number, unitId: string) => {
    const q = options.quality.get(program)?.get(version) ?? { errorRate: 0.01, latencyMs: 100 };
    client.record.request(program, { version, unitId, success: Math.random() >= q.errorRate, latencyMs: latency(q.latencyMs) });
  };
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const program = options.programs[i % options.programs.length]!;
      const unit = `user-${Math.floor(Math.random() * 1_000_000)}`;
      const r = client.resolve(program, unit);
      if (r.version === null) continue;
      serve(program, r.version, unit);
      for (const s of r.shadow) if (s.version !== null) serve(program, s.version, unit);
      const key = `v${r.version}`;
      (counts[program] ??= {})[key] = (counts[program]![key] ?? 0) + 1;
    }
  }, tickMs);
  timer.unref();
  return {
    served: () => counts,
    async stop() {
      clearInterval(timer);
      await client.close();
    },
  };
}
