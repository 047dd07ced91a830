import type { Command } from "commander";
import type { ChangeList, ChangeRequest } from "../../contracts/changes.js";
import { commandContext } from "../context.js";
import { emit, shortTime, table } from "../output.js";

const needs = (c: ChangeRequest) =>
  c.requiredRoles
    .filter((r) => !c.approvals.some((a) => a.role === r.name))
    .map((r) => r.name)
    .join(", ") || "-";

function describe(c: ChangeRequest): string {
  return [
    `${c.id}  ${c.kind} on ${c.program ?? "(global)"}  ${c.status.toUpperCase()}`,
    `requested by ${c.requestedBy.name} at ${shortTime(c.requestedAt)}: ${c.reason}`,
    `protected because ${c.protectedBecause}`,
    `before: ${JSON.stringify(c.diff.before)}`,
    `after:  ${JSON.stringify(c.diff.after)}`,
    `needs:  ${c.requiredRoles.map((r) => (r.members ? `${r.name} (${r.members.join(", ")})` : r.name)).join(", ")}`,
    ...c.approvals.map((a) => `signed: ${a.role} by ${a.by.name} at ${shortTime(a.at)}${a.comment ? ` ("${a.comment}")` : ""}`),
    ...(c.decidedBy ? [`decided by ${c.decidedBy.name}: ${c.decision ?? ""}`] : []),
  ].join("\n");
}

export function registerChange(cli: Command): void {
  const change = cli.command("change").description("change requests: protected changes waiting for a second principal");

  change
    .command("list")
    .option("-p, --program <name>", "only this program")
    .option("--status <status>", "pending, applied, rejected", "pending")
    .action(async (opts: { program?: string; status: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const q = new URLSearchParams({ status: opts.status, ...(opts.program ? { program: opts.program } : {}) });
      const { changes } = await api.request<ChangeList>("GET", `/v1/changes?${q}`);
      emit(out, changes, () =>
        changes.length === 0
          ? `no ${opts.status} change requests`
          : table(
              ["ID", "PROGRAM", "KIND", "STATUS", "REQUESTED BY", "AT", "NEEDS"],
              changes.map((c) => [c.id, c.program ?? "(global)", c.kind, c.status, c.requestedBy.name, shortTime(c.requestedAt), needs(c)]),
            ),
      );
    });

  change.command("show <id>").action(async (id: string, _opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    const c = await api.request<ChangeRequest>("GET", `/v1/changes/${encodeURIComponent(id)}`);
    emit(out, c, () => describe(c));
  });

  change
    .command("approve <id>")
    .option("--role <role>", "the approval role you sign for (default: the first open one you belong to)")
    .option("--comment <text>", "why", "")
    .action(async (id: string, opts: { role?: string; comment: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const c = await api.request<ChangeRequest>("POST", `/v1/changes/${encodeURIComponent(id)}/approve`, {
        comment: opts.comment,
        ...(opts.role ? { role: opts.role } : {}),
      });
      emit(out, c, () =>
        c.status === "applied"
          ? `approved and applied ${c.id} (${c.kind} on ${c.program ?? "(global)"})`
          : `approved ${c.id}; still needs: ${needs(c)}`,
      );
    });

  change
    .command("reject <id>")
    .requiredOption("--reason <text>", "why")
    .action(async (id: string, opts: { reason: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const c = await api.request<ChangeRequest>("POST", `/v1/changes/${encodeURIComponent(id)}/reject`, { reason: opts.reason });
      emit(out, c, () => `rejected ${c.id}: ${opts.reason}`);
    });
}
