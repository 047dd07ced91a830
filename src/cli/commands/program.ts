import type { Command } from "commander";
import type { ProgramDetail, ProgramList } from "../../contracts/programs.js";
import { commandContext } from "../context.js";
import { collect, emit, shortTime, table } from "../output.js";

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;
export const describeSplit = (p: ProgramDetail) => {
  const challengers = p.traffic.arms.reduce((sum, a) => sum + a.weight, 0);
  const parts = [
    `champion ${pct(1 - challengers)}`,
    ...p.traffic.arms.map((a) => `${a.alias} ${pct(a.weight)}`),
    ...p.traffic.shadow.map((s) => `shadow ${s.alias} ${pct(s.sample)}`),
  ];
  return parts.join(", ");
};

export function registerProgram(cli: Command): void {
  const program = cli.command("program").description("create, list and show programs");

  program
    .command("create <name>")
    .description("create a program (one slot with one champion)")
    .option("-d, --description <text>", "what the program is for", "")
    .option("-o, --owner <owner>", "an owner (repeatable)", collect, [] as string[])
    .option("--seed <seed>", "assignment seed (default: random); the same seed splits units identically in every environment")
    .action(async (name: string, opts: { description: string; owner: string[]; seed?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const created = await api.request<ProgramDetail>("POST", "/v1/programs", {
        name,
        description: opts.description,
        owners: opts.owner,
        ...(opts.seed ? { seed: opts.seed } : {}),
      });
      emit(out, created, () => `created program ${created.name}`);
    });

  program
    .command("list")
    .description("list programs with their champion and traffic split")
    .action(async (_opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const { programs } = await api.request<ProgramList>("GET", "/v1/programs");
      emit(out, programs, () =>
        programs.length === 0
          ? "no programs yet: create one with `arena program create NAME`"
          : table(
              ["PROGRAM", "CHAMPION", "CHALLENGER", "LATEST", "SPLIT"],
              programs.map((p) => [
                p.name,
                versionOf(p, "champion"),
                versionOf(p, "challenger"),
                p.latestVersion === null ? null : `v${p.latestVersion}`,
                describeSplit(p),
              ]),
            ),
      );
    });

  program
    .command("show <name>")
    .description("show a program: aliases, traffic, owners")
    .action(async (name: string, _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const p = await api.request<ProgramDetail>("GET", `/v1/programs/${encodeURIComponent(name)}`);
      emit(out, p, () =>
        [
          `program   ${p.name}${p.description ? ` — ${p.description}` : ""}`,
          `owners    ${p.owners.join(", ") || "-"}`,
          `created   ${shortTime(p.createdAt)} by ${p.createdBy}`,
          `versions  ${p.latestVersion === null ? "none yet" : `v1 … v${p.latestVersion}`}`,
          `traffic   ${describeSplit(p)}`,
          "",
          p.aliases.length === 0
            ? "no aliases set: `arena alias set PROGRAM champion VERSION --reason ...`"
            : table(
                ["ALIAS", "VERSION", "MOVED", "BY"],
                p.aliases.map((a) => [`@${a.alias}`, `v${a.version}`, shortTime(a.movedAt), a.movedBy]),
              ),
        ].join("\n"),
      );
    });
}

function versionOf(p: ProgramDetail, alias: string): string | null {
  const found = p.aliases.find((a) => a.alias === alias);
  return found ? `v${found.version}` : null;
}
