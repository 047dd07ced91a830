/** Display units of a policy's metrics: live definitions first, then units declared for offline metrics. */
import { displayUnit } from "../core/policy/live-readings.js";
import type { PolicyDocument } from "./policy.js";

export function policyUnits(policy: PolicyDocument): Record<string, string> {
  const live = Object.entries(policy.metrics).map(([name, m]) => [name, displayUnit(m)] as const);
  const offline = Object.entries(policy.offlineMetrics).map(([name, m]) => [name, m.unit] as const);
  return Object.fromEntries([...offline, ...live].filter(([, unit]) => unit !== undefined && unit !== ""));
}
