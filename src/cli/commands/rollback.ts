import type { Command } from "commander";
import { rollbackAlias } from "./alias.js";

export function registerRollback(cli: Command): void {
  cli
    .command("rollback <program>")
    .description("move @champion back to the version before its latest move (same as `alias rollback PROGRAM champion`)")
    .requiredOption("-r, --reason <text>", "why")
    .action(async (program: string, opts: { reason: string }, command: Command) =>
      rollbackAlias(command, program, "champion", opts.reason),
    );
}
