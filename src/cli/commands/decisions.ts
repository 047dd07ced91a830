import type { Command } from "commander";
import type { DecisionList } from "../../contracts/rollouts.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, shortTime, table } from "../output.js";

export function registerDecisions(cli: Command): void {
  cli
    .command("decisions <program>")
    .description("decision records with their plain-language summaries")
    .option("-n, --limit <n>", "at most this many (latest)", "20")
    .option("-v, --verbose", "show every condition's verdict")
    .action(async (program: string, opts: { limit: string; verbose?: boolean }, command: Command) => {
      const { api, out } = commandContext(command);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit "${opts.limit}" must be a whole number ≥ 1`, EXIT.usage);
      // An unknown program is an error (exit 1), not an empty history.
      await api.request("GET", `/v1/programs/${encodeURIComponent(program)}`);
      const { decisions } = await api.request<DecisionList>("GET", `/v1/programs/${encodeURIComponent(program)}/decisions?limit=1000`);
      const latest = decisions.slice(-limit);
      emit(out, latest, () => {
        if (latest.length === 0) return `no decisions yet for ${program}`;
        if (!opts.verbose)
          return table(
            ["WHEN", "ACTION", "BY", "SUMMARY"],
            latest.map((d) => [shortTime(d.at), d.action, d.actor, d.summary]),
          );
        return latest
          .map((d) => {
            const head = table(["WHEN", "ACTION", "BY", "SUMMARY"], [[shortTime(d.at), d.action, d.actor, d.summary]]).split("\n")[1]!;
            const lines = Object.entries(d.conditions).flatMap(([v, rs]) =>
              rs.map(
                (r) =>
                  `      ${v} ${r.verdict.padEnd(12)} ${r.label}${r.segment && r.segment !== "all" ? ` [${r.segment}]` : ""}: ${r.reason}`,
              ),
            );
            return [head, ...lines].join("\n");
          })
          .join("\n");
      });
    });
}
