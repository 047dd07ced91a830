import type { Command } from "commander";
import { CONTEXT_NAME, checkUrl, configPath, readConfig, writeConfig, type ContextEntry } from "../config.js";
import { resolveTarget, type GlobalOptions } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { consoleOutput, emit, table } from "../output.js";

function outputOf(command: Command) {
  return consoleOutput(Boolean(command.optsWithGlobals<GlobalOptions>().json));
}

export function registerContext(cli: Command): void {
  const context = cli.command("context").description("named server contexts (URL and where the token comes from) in your config file");

  context
    .command("add <name>")
    .description("add or replace a context (give its server with --url); the token itself is never stored in the config file")
    .option("--token-env <VAR>", "read the token from this environment variable")
    .option("--token-file <path>", "read the token from this file (must be readable by its owner only: chmod 600)")
    .option("--use", "make it the current context")
    .action((name: string, flags: { tokenEnv?: string; tokenFile?: string; use?: boolean }, command: Command) => {
      // --url is the global option (commander reads it wherever it stands on the line).
      const url = command.optsWithGlobals<GlobalOptions>().url;
      if (!url) throw new CliError("give the context's server: arena context add NAME --url https://arena.example", EXIT.usage);
      const opts = { ...flags, url };
      if (!CONTEXT_NAME.test(name)) throw new CliError(`context name "${name}" must be letters, digits, . _ - (at most 64)`, EXIT.usage);
      if (opts.tokenEnv && opts.tokenFile) throw new CliError("give --token-env or --token-file, not both", EXIT.usage);
      checkUrl(opts.url, "--url");
      const config = readConfig();
      const entry: ContextEntry = {
        url: opts.url,
        ...(opts.tokenEnv ? { tokenEnv: opts.tokenEnv } : {}),
        ...(opts.tokenFile ? { tokenFile: opts.tokenFile } : {}),
      };
      config.contexts[name] = entry;
      if (opts.use || config.current === undefined) config.current = name;
      writeConfig(config);
      emit(
        outputOf(command),
        { name, ...entry, current: config.current === name },
        () => `context ${name}: ${opts.url}${config.current === name ? " (current)" : ""}`,
      );
    });

  context
    .command("use <name>")
    .description("make a context the current one")
    .action((name: string, _opts: unknown, command: Command) => {
      const config = readConfig();
      if (!config.contexts[name])
        throw new CliError(`no context "${name}"; contexts: ${Object.keys(config.contexts).join(", ") || "(none)"}`, EXIT.usage);
      config.current = name;
      writeConfig(config);
      emit(outputOf(command), { current: name }, () => `current context: ${name} (${config.contexts[name]!.url})`);
    });

  context
    .command("list")
    .description("every context, the current one marked with *")
    .action((_opts: unknown, command: Command) => {
      const config = readConfig();
      const rows = Object.entries(config.contexts).map(([name, c]) => ({ name, current: name === config.current, ...c }));
      emit(outputOf(command), rows, () =>
        rows.length === 0
          ? `no contexts in ${configPath()}; add one with \`arena context add NAME --url URL --token-env VAR\``
          : table(
              ["", "NAME", "URL", "TOKEN FROM"],
              rows.map((r) => [r.current ? "*" : "", r.name, r.url, r.tokenEnv ? `$${r.tokenEnv}` : (r.tokenFile ?? "-")]),
            ),
      );
    });

  context
    .command("show")
    .description("which server and token source this shell's commands would use, and why")
    .action((_opts: unknown, command: Command) => {
      const target = resolveTarget(command.optsWithGlobals<GlobalOptions>());
      const value = { url: target.url, from: target.source, token: target.token ? "set" : "none", config: configPath() };
      emit(outputOf(command), value, () => `url: ${value.url} (from ${value.from})\ntoken: ${value.token}\nconfig file: ${value.config}`);
    });

  context
    .command("remove <name>")
    .description("remove a context")
    .action((name: string, _opts: unknown, command: Command) => {
      const config = readConfig();
      if (!config.contexts[name]) throw new CliError(`no context "${name}"`, EXIT.usage);
      delete config.contexts[name];
      if (config.current === name) delete config.current;
      writeConfig(config);
      emit(outputOf(command), { removed: name }, () => `removed context ${name}`);
    });
}
