/** The program-aware policy check on the server: the names the policy uses against what the program holds. */
import type { PolicyDocument } from "../../contracts/policy.js";
import { policyReferenceIssues } from "../../contracts/policy-references.js";
import type { Store } from "../store/store.js";
import { ValidationError } from "../errors.js";

/** Throws a 400 naming each unknown metric (with a did-you-mean) at its path; the offline gates are checked against the metrics the program's candidates carry. */
export async function requireKnownNames(store: Store, policy: PolicyDocument): Promise<void> {
  const offline = await store.tx(async (r) =>
    (await r.programs.get(policy.program)) ? (await r.candidates.list(policy.program)).flatMap((c) => Object.keys(c.metrics)) : [],
  );
  const issues = policyReferenceIssues(policy, { offlineMetrics: [...new Set(offline)] });
  if (issues.length === 0) return;
  // Paths name the body's field, as every other 400 does.
  const details = issues.map((i) => ({ path: ["body", ...i.path].join("."), message: i.message }));
  throw new ValidationError(details.map((x) => `${x.path}: ${x.message}`).join("; "), details);
}
