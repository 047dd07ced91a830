import { collectDefaultMetrics, Registry } from "prom-client";

let shared: Registry | null = null;

/**
 * Process metrics (CPU, memory, event-loop lag, GC) belong to the process, not
 * to one app: collected once, whatever number of apps the process builds.
 * Collecting per app would start observers that are never stopped (tests build
 * hundreds of apps) and would report the same process twice.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
