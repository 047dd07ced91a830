import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../../server/context.js";
import { seedDemo } from "../../demo/seed.js";
import { startSimulator } from "../../demo/simulator.js";
import { serve, serverOptions, stopOnSignal, type ServeFlags } from "./server.js";

export function registerDemo(cli: Command): void {
  serverOptions(cli.command("demo").description("run the server on embedded SQLite with demo programs and live simulated traffic"))
    .option("--rps <n>", "simulated requests per second", "200")
    .action(async (flags: ServeFlags & { rps: string }) => {
      const running = await serve(flags);
      const { programs, quality } = await seedDemo(running.services);
      // A fresh SDK token per run; the previous run's is revoked so tokens do not pile up.
      for (const t of await running.services.tokens.list()) {
        if (t.name === "demo-simulator" && t.revokedAt === null) await running.services.tokens.revoke(t.id, SYSTEM_ACTOR);
      }
      const sdkToken = await running.services.tokens.create("demo-simulator", ["sdk"], SYSTEM_ACTOR);
      const simulator = startSimulator({
        url: running.url,
        token: sdkToken.token,
        programs,
        requestsPerSecond: Number(flags.rps),
        quality,
      });
      process.stdout.write(
        [
          "",
          `Demo running: ${programs.join(", ")} with simulated traffic (${flags.rps} requests/s through the SDK).`,
          "  ranker:         a good challenger, promoted step by step (10 % → 25 % → 50 % → promoted, then burn-in)",
          "  checkout-api:   a bad challenger (errors 1 % → 6 %, latency +60 ms), rolled back automatically",
          "  fraud-detector: a shadow step, then it waits for your approval",
          "Watch it (with ARENA_TOKEN set to your admin token):",
          "  bin/arena status                      # every program, step, progress, what it waits for",
          "  bin/arena decisions checkout-api      # why it was rolled back, in plain words",
          "  bin/arena metrics ranker --window 5m  # per-variant SLIs",
          "  bin/arena rollout approve fraud-detector",
          "Stop with Ctrl-C.",
          "",
        ].join("\n"),
      );
      stopOnSignal(async () => {
        await simulator.stop();
        await running.close();
      });
    });
}
