import type { Command } from "commander";
import type { Freeze } from "../../contracts/rollouts.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit } from "../output.js";

export function registerFreeze(cli: Command): void {
  const freeze = (name: "freeze" | "unfreeze") =>
    cli
      .command(name)
      .description(
        name === "freeze" ? "hold every promotion and ramp (rollbacks still happen), globally or for one program" : "lift a freeze",
      )
      .option("-p, --program <name>", "only this program (default: global)")
      .option("-r, --reason <text>", "why (required to freeze)")
      .action(async (opts: { program?: string; reason?: string }, command: Command) => {
        const { api, out } = commandContext(command);
        if (name === "freeze") {
          if (!opts.reason) throw new CliError("say why: --reason 'incident INC-123'", EXIT.usage);
          const f = await api.request<Freeze>("POST", "/v1/freeze", { program: opts.program ?? null, reason: opts.reason });
          emit(
            out,
            f,
            () =>
              `frozen ${opts.program ?? "globally"}: nothing is promoted or ramped until \`arena unfreeze${opts.program ? ` --program ${opts.program}` : ""}\``,
          );
        } else {
          await api.request("DELETE", `/v1/freeze${opts.program ? `?program=${encodeURIComponent(opts.program)}` : ""}`);
          emit(out, { unfrozen: opts.program ?? "global" }, () => `unfrozen ${opts.program ?? "globally"}`);
        }
      });
  freeze("freeze");
  freeze("unfreeze");
}
