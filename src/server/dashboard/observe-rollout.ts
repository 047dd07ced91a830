/**
 * Read-only looks at a rollout for people: the very evaluation the controller
 * decides from (read → evaluate, nothing written). A finished rollout is judged
 * as it stood when it ended: the evidence it ended on.
 */
import type { RolloutEvaluation } from "../../core/rollout/evaluate.js";
import type { Rollout } from "../../core/rollout/types.js";
import { evaluateNow } from "../rollouts/observe.js";
import type { Store } from "../store/store.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export { healthOf, type Health } from "../../core/rollout/evaluate/health.js";

/** The controller's evaluation of `r`, without writing anything (null: no policy in force). */
export async function evaluateForPeople(
  store: Store,
  now: () => Date,
  query: TelemetryQuery,
  r: Rollout,
): Promise<RolloutEvaluation | null> {
  const policy = await store.tx((repos) => repos.policies.get(r.program));
  if (!policy) return null;
  return evaluateNow({ store, now }, query, r, policy.document);
}
