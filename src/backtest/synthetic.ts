/**
 * Synthetic recorded telemetry: a champion and a challenger serving an A/B
 * split at a steady rate, each request a unit's exposure and outcome, with an
 * optional regression of the challenger at a known time. Seeded, so runs repeat.
 */
import { mulberry32 } from "../core/stats/random.js";

export interface Arm {
  version: number;
  errorRate: number;
  latencyMs: number;
}

export interface SyntheticSpec {
  program: string;
  start: number;
  durationMs: number;
  requestsPerSecond: number;
  /** Share of recorded requests served by the challenger (the recording's split, not the policy's). */
  challengerShare: number;
  champion: Arm;
  challenger: Arm;
  /** From this time on, the challenger errs at `errorRate` instead. */
  regression?: { at: number; errorRate: number };
  seed: number;
}

export function syntheticHistory(spec: SyntheticSpec): string[] {
  const random = mulberry32(spec.seed);
  const lines: string[] = [];
  if (spec.regression) lines.push(JSON.stringify({ type: "marker", label: "regression", at: spec.regression.at }));
  const total = Math.round((spec.durationMs / 1000) * spec.requestsPerSecond);
  for (let i = 0; i < total; i++) {
    const at = spec.start + Math.floor((i / spec.requestsPerSecond) * 1000);
    const arm = random() < spec.challengerShare ? spec.challenger : spec.champion;
    const regressed = arm === spec.challenger && spec.regression && at >= spec.regression.at;
    const errorRate = regressed ? spec.regression!.errorRate : arm.errorRate;
    const unitId = `u${Math.floor(random() * 1e9)}`;
    lines.push(JSON.stringify({ type: "exposure", program: spec.program, version: arm.version, unitId, at }));
    lines.push(
      JSON.stringify({
        type: "request",
        program: spec.program,
        version: arm.version,
        unitId,
        success: random() >= errorRate,
        latencyMs: arm.latencyMs * (0.8 + 0.4 * random()),
        at,
      }),
    );
  }
  return lines;
}
