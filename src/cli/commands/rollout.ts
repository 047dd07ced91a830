import type { Command } from "commander";
import { isTerminal } from "../../core/rollout/types.js";
import type { RolloutApplied, RolloutList, RolloutView } from "../../contracts/rollouts.js";
import type { WhoAmI } from "../../contracts/tokens.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit } from "../output.js";

function versionList(text: string[]): number[] {
  return text.map((t) => {
    const n = Number(t.replace(/^v/, ""));
    if (!Number.isInteger(n) || n < 1) throw new CliError(`version "${t}" must be a positive integer such as 48 or v48`, EXIT.usage);
    return n;
  });
}

async function current(command: Command, program: string): Promise<string> {
  const { api } = commandContext(command);
  const { rollouts } = await api.request<RolloutList>("GET", `/v1/programs/${encodeURIComponent(program)}/rollouts`);
  const live = rollouts.find((r) => !isTerminal(r.status));
  if (!live) throw new CliError(`${program} has no running rollout`, EXIT.failed);
  return live.id;
}

/** The approval role to sign for when --role is not given: the one still waiting that the caller belongs to. */
async function inferApprovalRole(command: Command, rolloutId: string): Promise<string> {
  const { api } = commandContext(command);
  const [rollout, me] = await Promise.all([
    api.request<RolloutView>("GET", `/v1/rollouts/${rolloutId}`),
    api.request<WhoAmI>("GET", "/v1/whoami"),
  ]);
  const roles = rollout.plan.approvalRoles;
  if (roles.length === 0) return "approver";
  const waiting = roles.filter((r) => !rollout.approvals.some((a) => a.role === r.name));
  const mine = waiting.filter((r) => r.members.includes(me.name));
  if (mine.length === 1) return mine[0]!.name;
  if (mine.length > 1)
    throw new CliError(
      `${me.name} belongs to several roles still waiting (${mine.map((r) => r.name).join(", ")}); choose one with --role`,
      EXIT.usage,
    );
  const list = waiting.map((r) => `${r.name} (members: ${r.members.join(", ")})`).join("; ");
  throw new CliError(
    waiting.length === 0
      ? "every approval role has signed off already"
      : `${me.name} is not a member of any approval role still waiting: ${list}`,
    EXIT.failed,
  );
}

export function registerRollout(cli: Command): void {
  const rollout = cli.command("rollout").description("start and steer rollouts (challengers against the champion)");

  rollout
    .command("start <program> <versions...>")
    .description("start a rollout of challenger versions per the program's policy (after the pre-production gate)")
    .action(async (program: string, versions: string[], _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const applied = await api.request<RolloutApplied>("POST", `/v1/programs/${encodeURIComponent(program)}/rollouts`, {
        challengers: versionList(versions),
      });
      emit(out, applied, () => `rollout ${applied.rollout.id} ${applied.decision?.summary ?? "started"}`);
    });

  const act = (name: string, description: string, body?: (opts: Record<string, string>) => object) => {
    const c = rollout.command(`${name} <program>`).description(description);
    if (name === "approve")
      c.option("--role <role>", "the approval role you sign for (default: the one role still waiting that you belong to)").option(
        "-m, --comment <text>",
        "a comment",
        "",
      );
    if (["abort", "rollback", "reject"].includes(name)) c.requiredOption("-r, --reason <text>", "why");
    c.action(async (program: string, opts: Record<string, string>, command: Command) => {
      const { api, out } = commandContext(command);
      const id = await current(command, program);
      if (name === "approve" && !opts.role) opts.role = await inferApprovalRole(command, id);
      const applied = await api.request<RolloutApplied>("POST", `/v1/rollouts/${id}/${name}`, body ? body(opts) : undefined);
      emit(out, applied, () => applied.decision?.summary ?? `${name}: nothing to change (${applied.rollout.status})`);
    });
  };
  act("pause", "hold the running rollout at its step (rollbacks still happen)");
  act("resume", "resume a paused rollout");
  act("abort", "end the rollout without promotion", (o) => ({ reason: o.reason }));
  act("rollback", "roll back now (during burn-in: move @champion back)", (o) => ({ reason: o.reason }));
  act("promote", "skip remaining steps: promotes once every required condition passes and approvals are in");
  act("approve", "sign off for an approval role (you cannot approve your own rollout)", (o) => ({ role: o.role, comment: o.comment }));
  act("reject", "refuse the promotion", (o) => ({ reason: o.reason }));
}
