import { parseDuration } from "../../core/time/duration.js";
import { ValidationError } from "../errors.js";

/** A read's ?window= in ms, refused (400 naming query.window) beyond what the server keeps. */
export function readWindowMs(window: string, maxMs: number): number {
  const ms = parseDuration(window);
  if (!Number.isFinite(ms) || ms > maxMs) {
    throw new ValidationError(`query.window: at most ${Math.floor(maxMs / 86_400_000)}d (the telemetry retention); got ${window}`, [
      { path: "query.window", message: `at most ${Math.floor(maxMs / 86_400_000)}d` },
    ]);
  }
  return ms;
}
