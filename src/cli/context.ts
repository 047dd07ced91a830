import type { Command } from "commander";
import { ApiClient } from "./api-client.js";
import { consoleOutput, type Output } from "./output.js";

export const DEFAULT_URL = "http://127.0.0.1:7700";

export interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** The API client and output for a command, from the global options (flags, then ARENA_URL / ARENA_TOKEN). */
export function commandContext(command: Command): { api: ApiClient; out: Output } {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return {
    api: new ApiClient({ url: opts.url, token: opts.token ?? process.env.ARENA_TOKEN }),
    out: consoleOutput(Boolean(opts.json)),
  };
}
