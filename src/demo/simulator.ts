import { createClient } from "../sdk/index.js";

export interface Simulator {
  stop(): Promise<void>;
  served(): Record<string, Record<string, number>>;
}

/**
 * Plays a fleet of serving processes: resolves random users through the real
 * SDK (streaming snapshot, local assignment, batched exposures) at a steady rate.
 */
export function startSimulator(options: { url: string; token: string; programs: string[]; requestsPerSecond: number }): Simulator {
  const client = createClient({ url: options.url, token: options.token, exposures: { flushIntervalMs: 1_000, maxBuffer: 50_000, batchSize: 5_000 } });
  const counts: Record<string, Record<string, number>> = {};
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((options.requestsPerSecond * tickMs) / 1000));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const program = options.programs[i % options.programs.length]!;
      const unit = `user-${Math.floor(Math.random() * 50_000)}`;
      const r = client.resolve(program, unit);
      const key = r.version === null ? "none" : `v${r.version}`;
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
