/**
 * Writes a synthetic recorded history (JSON lines) to stdout: checkout-api v1
 * and v2 on a 50/50 recording at 20 requests/s for 15 minutes, v2 regressing
 * from 1 % to 6 % errors after 4 minutes. Arguments: [seed] [regression: yes|no].
 */
import { syntheticHistory } from "../src/backtest/synthetic.js";

const seed = Number(process.argv[2] ?? 7);
const regress = (process.argv[3] ?? "yes") === "yes";
const start = Date.parse("2026-10-01T00:00:00Z");
const lines = syntheticHistory({
  program: "checkout-api",
  start,
  durationMs: 15 * 60_000,
  requestsPerSecond: 20,
  challengerShare: 0.5,
  champion: { version: 1, errorRate: 0.01, latencyMs: 100 },
  challenger: { version: 2, errorRate: 0.01, latencyMs: 100 },
  ...(regress ? { regression: { at: start + 4 * 60_000, errorRate: 0.06 } } : {}),
  seed,
});
process.stdout.write(`${lines.join("\n")}\n`);
