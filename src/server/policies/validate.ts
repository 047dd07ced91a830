import type { PolicyDocument } from "../../contracts/policy.js";
import { policySemanticIssues } from "../../contracts/policy-semantics.js";
import { ValidationError } from "../errors.js";

/**
 * The server's use of the one semantic validator (the same rules `arena apply`, `arena diff`
 * and `arena gate` run): a policy the CLI would refuse is refused here too, with a 400 naming
 * every field at fault and the rule it breaks.
 */
export function refuseSemanticIssues(policy: PolicyDocument): void {
  const issues = policySemanticIssues(policy);
  if (issues.length === 0) return;
  const details = issues.map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message }));
  throw new ValidationError(`${details[0]!.path}: ${details[0]!.message}`, details);
}
