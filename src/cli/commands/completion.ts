import type { Command } from "commander";
import { CliError, EXIT } from "../errors.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

export function registerCompletion(cli: Command): void {
  cli
    .command("completion <shell>")
    .description("print a shell completion script (bash, zsh or fish)")
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new CliError(`shell "${shell}" is not supported; choose ${SHELLS.join(", ")}`, EXIT.usage);
      const [{ buildFullCli }, scripts] = await Promise.all([import("../program.js"), import("../completion-scripts.js")]);
      const full = await buildFullCli();
      const script = shell === "bash" ? scripts.bashScript(full) : shell === "zsh" ? scripts.zshScript(full) : scripts.fishScript(full);
      process.stdout.write(script);
    });
}
