import type { Command } from "commander";
import type { AliasHistory, AliasMoveResult, AliasResolution } from "../../contracts/aliases.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, shortTime, table } from "../output.js";

const v = (n: number | null | undefined) => (n === null || n === undefined ? "(none)" : `v${n}`);
const path = (program: string, alias: string) => `/v1/programs/${encodeURIComponent(program)}/aliases/${encodeURIComponent(alias)}`;

function versionArg(text: string): number {
  const n = Number(text.replace(/^v/, ""));
  if (!Number.isInteger(n) || n < 1) throw new CliError(`version "${text}" must be a positive integer such as 48 or v48`, EXIT.usage);
  return n;
}

export function registerAlias(cli: Command): void {
  const alias = cli.command("alias").description("move, read and roll back aliases (@champion, @challenger, …)");

  alias
    .command("set <program> <alias> <version>")
    .description("point an alias at a version (atomic; every move is recorded)")
    .requiredOption("-r, --reason <text>", "why (kept in the history)")
    .option("--expect <version>", "only move if the alias points at this version now (compare-and-set)")
    .action(async (program: string, name: string, version: string, opts: { reason: string; expect?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const body = {
        version: versionArg(version),
        reason: opts.reason,
        ...(opts.expect ? { expectedVersion: versionArg(opts.expect) } : {}),
      };
      const result = await api.request<AliasMoveResult>("PUT", path(program, name), body);
      emit(out, result, () =>
        result.changed
          ? `@${name} of ${program}: ${v(result.move?.fromVersion)} → ${v(result.move?.toVersion)}`
          : `@${name} of ${program} already at ${v(result.alias?.version)}`,
      );
    });

  alias
    .command("get <program> <alias>")
    .description("the version an alias points at, now or at a past time")
    .option("--at <time>", "ISO-8601 time, e.g. 2026-11-01T10:00:00Z")
    .action(async (program: string, name: string, opts: { at?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const q = opts.at ? `?at=${encodeURIComponent(opts.at)}` : "";
      const r = await api.request<AliasResolution>("GET", `${path(program, name)}${q}`);
      emit(out, r, () =>
        opts.at
          ? `@${name} of ${program} at ${opts.at}: ${v(r.version)}`
          : `@${name} of ${program}: ${v(r.version)} (since ${shortTime(r.at)})`,
      );
    });

  alias
    .command("history <program> <alias>")
    .description("every move of an alias: when, who, from, to, why")
    .action(async (program: string, name: string, _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const { moves } = await api.request<AliasHistory>("GET", `${path(program, name)}/history`);
      emit(out, moves, () =>
        moves.length === 0
          ? `@${name} of ${program} was never set`
          : table(
              ["WHEN", "WHO", "FROM", "TO", "WHY"],
              moves.map((m) => [shortTime(m.at), m.actor, v(m.fromVersion), v(m.toVersion), m.reason]),
            ),
      );
    });

  alias
    .command("rollback <program> [alias]")
    .description("move an alias (default: champion) back to the version before its latest move")
    .requiredOption("-r, --reason <text>", "why")
    .action(async (program: string, name: string | undefined, opts: { reason: string }, command: Command) =>
      rollbackAlias(command, program, name ?? "champion", opts.reason),
    );

  alias
    .command("delete <program> <alias>")
    .description("unset an alias")
    .requiredOption("-r, --reason <text>", "why")
    .action(async (program: string, name: string, opts: { reason: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const result = await api.request<AliasMoveResult>("DELETE", path(program, name), { reason: opts.reason });
      emit(out, result, () => `unset @${name} of ${program} (was ${v(result.move?.fromVersion)})`);
    });
}

/** One call that moves an alias back to where it was before its latest move. */
export async function rollbackAlias(command: Command, program: string, alias: string, reason: string): Promise<void> {
  const { api, out } = commandContext(command);
  const result = await api.request<AliasMoveResult>("POST", `${path(program, alias)}/rollback`, { reason });
  emit(out, result, () => `rolled back @${alias} of ${program}: ${v(result.move?.fromVersion)} → ${v(result.move?.toVersion)}`);
}
