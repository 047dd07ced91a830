import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { PolicyApplied, PolicyInForce } from "../../contracts/policy.js";
import type { PolicyDocument } from "../../contracts/policy.js";
import { diffPolicies, formatPolicyErrors, parsePolicy } from "../../contracts/policy-yaml.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, table } from "../output.js";
import type { ApiClient } from "../api-client.js";

/** Reads and validates a policy file; errors carry file:line:column. */
export function loadPolicy(path: string): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read policy file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  const parsed = parsePolicy(text, path);
  if (!parsed.ok) throw new CliError(`${path} is not a valid policy:\n${formatPolicyErrors(parsed.errors, path)}`, EXIT.usage);
  return parsed.policy;
}

async function currentPolicy(api: ApiClient, program: string): Promise<PolicyDocument | null> {
  try {
    return (await api.request<PolicyInForce>("GET", `/v1/programs/${encodeURIComponent(program)}/policy`)).document;
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.failed && /no policy|does not exist/.test(error.message)) return null;
    throw error;
  }
}

const show = (v: unknown) => (v === undefined ? "-" : JSON.stringify(v));

export function registerPolicy(cli: Command): void {
  cli
    .command("apply")
    .description("apply a policy file (idempotent): creates the program if needed, installs metrics, segments, gates, rollout plan")
    .requiredOption("-f, --file <policy.yaml>", "the policy, kept in your git repository")
    .action(async (opts: { file: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const policy = loadPolicy(opts.file);
      const result = await api.request<PolicyApplied>("PUT", `/v1/programs/${encodeURIComponent(policy.program)}/policy`, policy);
      emit(out, result, () =>
        result.changed
          ? `${result.createdProgram ? "created program and " : ""}applied policy of ${policy.program}: revision ${result.policy.revision}`
          : `policy of ${policy.program} unchanged (revision ${result.policy.revision})`,
      );
    });

  cli
    .command("diff")
    .description("what `arena apply` would change (exit 1 when something would)")
    .requiredOption("-f, --file <policy.yaml>", "the policy")
    .action(async (opts: { file: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const policy = loadPolicy(opts.file);
      const changes = diffPolicies(await currentPolicy(api, policy.program), policy);
      emit(out, changes, () =>
        changes.length === 0
          ? `no changes: ${policy.program} already runs this policy`
          : table(
              ["PATH", "NOW", "AFTER APPLY"],
              changes.map((c) => [c.path, show(c.before), show(c.after)]),
            ),
      );
      if (changes.length > 0) throw new CliError("", EXIT.failed);
    });
}
