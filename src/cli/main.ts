#!/usr/bin/env node
/** `arena`: the command line for Arena. Every command talks to the API (or, for `server`/`demo`, runs it). */
import { Command, CommanderError } from "commander";
import { registerAlias, rollbackAlias } from "./commands/alias.js";
import { registerAudit } from "./commands/audit.js";
import { registerBacktest } from "./commands/backtest.js";
import { registerCandidate } from "./commands/candidate.js";
import { registerChange } from "./commands/change.js";
import { registerPrincipal } from "./commands/principal.js";
import { registerCompare } from "./commands/compare.js";
import { registerDemo } from "./commands/demo.js";
import { registerGate } from "./commands/gate.js";
import { registerMetrics } from "./commands/metrics.js";
import { registerPolicy } from "./commands/policy.js";
import { registerRollout } from "./commands/rollout.js";
import { registerProgram } from "./commands/program.js";
import { registerResolve } from "./commands/resolve.js";
import { registerServer } from "./commands/server.js";
import { registerToken } from "./commands/token.js";
import { registerTraffic } from "./commands/traffic.js";
import { DEFAULT_URL } from "./context.js";
import { CliError, EXIT } from "./errors.js";

export function buildCli(): Command {
  const cli = new Command("arena")
    .description("Arena: champion/challenger control plane")
    .option("--url <url>", "Arena server URL (env ARENA_URL)", process.env.ARENA_URL ?? DEFAULT_URL)
    .option("--token <token>", "API token (env ARENA_TOKEN; prefer the env var: flags show up in shell history)")
    .option("--json", "print JSON for scripts")
    .showHelpAfterError()
    .exitOverride();
  registerServer(cli);
  registerDemo(cli);
  registerToken(cli);
  registerPrincipal(cli);
  registerChange(cli);
  registerProgram(cli);
  registerCandidate(cli);
  registerAlias(cli);
  registerTraffic(cli);
  registerResolve(cli);
  registerMetrics(cli);
  registerPolicy(cli);
  registerGate(cli);
  registerBacktest(cli);
  registerRollout(cli);
  registerAudit(cli);
  registerCompare(cli);
  cli
    .command("rollback <program>")
    .description("move @champion back to the version before its latest move (same as `alias rollback PROGRAM champion`)")
    .requiredOption("-r, --reason <text>", "why")
    .action(async (program: string, opts: { reason: string }, command: Command) => rollbackAlias(command, program, "champion", opts.reason));
  for (const command of cli.commands) command.exitOverride();
  return cli;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message) process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}

const code = await runCli(process.argv.slice(2));
// Long-running commands (server, demo) keep the event loop alive; everything else exits with its code.
if (code !== EXIT.ok) process.exit(code);
else process.exitCode = code;
