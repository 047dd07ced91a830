#!/usr/bin/env node
/** `arena`: the command line for Arena. Every command talks to the API (or, for `server`/`demo`, runs it). */
import { CommanderError } from "commander";
import { CliError, EXIT } from "./errors.js";
import { buildCli } from "./program.js";

export async function runCli(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    await (await buildCli(argv)).parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      if (json && error.message)
        process.stdout.write(`${JSON.stringify({ error: { message: error.message || "failed", exitCode: error.exitCode } }, null, 2)}\n`);
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
