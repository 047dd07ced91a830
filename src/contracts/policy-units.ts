/** Display units of a policy's metrics (defined in the core, beside the candidate evaluation). */
export { policyUnits } from "../core/rollout/evaluate/candidate.js";
