import type { Command } from "commander";
import { ApiClient } from "./api-client.js";
import { checkUrl, contextToken, readConfig } from "./config.js";
import { CliError, EXIT } from "./errors.js";
import { consoleOutput, type Output } from "./output.js";

export const DEFAULT_URL = "http://127.0.0.1:7700";

export interface GlobalOptions {
  url?: string;
  token?: string;
  context?: string;
  json?: boolean;
}

export interface Target {
  url: string;
  token: string | undefined;
  /** Where the URL came from, for messages: "--url", "ARENA_URL", "context prod" or "default". */
  source: string;
}

/**
 * Where a command talks to. Flags first (--url, --token). Then a context chosen explicitly
 * (--context or ARENA_CONTEXT), whose URL and token source replace ARENA_URL / ARENA_TOKEN, so a
 * token meant for one server is never sent to another. Otherwise ARENA_URL / ARENA_TOKEN, then
 * the config file's current context, then the local default.
 */
export function resolveTarget(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Target {
  const explicit = opts.context ?? (env.ARENA_CONTEXT || undefined);
  const needConfig = explicit !== undefined || opts.url === undefined || opts.token === undefined;
  const config = needConfig ? readConfig() : { contexts: {} };
  if (explicit !== undefined && !config.contexts[explicit]) {
    const known = Object.keys(config.contexts);
    throw new CliError(
      `no context "${explicit}"${known.length ? `; contexts: ${known.join(", ")}` : "; add one with `arena context add NAME --url URL`"}`,
      EXIT.usage,
    );
  }
  const name = explicit ?? config.current;
  const context = name === undefined ? undefined : config.contexts[name];
  const fromContext = (): [string, string] | undefined => (context && name !== undefined ? [context.url, `context ${name}`] : undefined);
  const [url, source] =
    opts.url !== undefined
      ? [opts.url, "--url"]
      : explicit !== undefined
        ? fromContext()!
        : env.ARENA_URL
          ? [env.ARENA_URL, "ARENA_URL"]
          : (fromContext() ?? [DEFAULT_URL, "default"]);
  checkUrl(url, source);
  // A context's token only goes to that context's URL.
  const urlFromContext = source.startsWith("context ");
  const ctxToken = () => (urlFromContext && context && name !== undefined ? contextToken(name, context, env) : undefined);
  const token = opts.token ?? (explicit !== undefined ? ctxToken() : ((env.ARENA_TOKEN || undefined) ?? ctxToken()));
  return { url, token, source };
}

/** The API client and output for a command, from the global options, the environment and the config file. */
export function commandContext(command: Command): { api: ApiClient; out: Output } {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const target = resolveTarget(opts);
  return { api: new ApiClient({ url: target.url, token: target.token }), out: consoleOutput(Boolean(opts.json)) };
}
