/** Builds the `arena` command tree: the global options, then only the modules a command line needs. */
import { Command } from "commander";
import { MANIFEST, entryFor } from "./command-manifest.js";
import { applyExamples } from "./examples.js";
import { cliVersion } from "./version.js";

function baseCli(): Command {
  return new Command("arena")
    .description("Arena: champion/challenger control plane")
    .version(cliVersion(), "-V, --version", "print the version")
    .option("--url <url>", "Arena server URL (env ARENA_URL; or a context's)")
    .option("--token <token>", "API token (env ARENA_TOKEN; prefer the env var: flags show up in shell history)")
    .option("--context <name>", "a named context from your config file (env ARENA_CONTEXT; see `arena context`)")
    .option("--json", "print JSON for scripts")
    .showHelpAfterError()
    .exitOverride();
}

const VALUE_OPTIONS = new Set(["--url", "--token", "--context"]);

/** The first word of the command line that names a command (`help X` names X). */
export function commandWord(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith("-")) words.push(a);
  }
  return words[0] === "help" ? words[1] : words[0];
}

function finish(cli: Command): Command {
  applyExamples(cli);
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(cli);
  return cli;
}

/**
 * The tree for one command line: the named command's module only. For help, or a word that names
 * no command, every command appears by name and description (from the manifest) and no module loads.
 */
export async function buildCli(argv: readonly string[]): Promise<Command> {
  const cli = baseCli();
  const entry = entryFor(commandWord(argv) ?? "");
  if (entry) {
    (await entry.load())(cli);
  } else {
    const usage = new Map<string, string>();
    for (const e of MANIFEST) {
      for (const c of e.commands) {
        cli.command(c.name).description(c.description);
        usage.set(c.name, c.usage);
      }
    }
    cli.configureHelp({ subcommandTerm: (c) => [c.name(), usage.get(c.name()) ?? c.usage()].filter(Boolean).join(" ") });
  }
  return finish(cli);
}

/** Every command with every option and subcommand (for completion scripts and the manifest's test). */
export async function buildFullCli(): Promise<Command> {
  const cli = baseCli();
  for (const e of MANIFEST) (await e.load())(cli);
  return finish(cli);
}
