import type { Command } from "commander";
import { createClient } from "../../sdk/index.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit } from "../output.js";

/** Resolves exactly as a serving SDK would: fetch the snapshot once, assign locally. */
export function registerResolve(cli: Command): void {
  cli
    .command("resolve <program> <unit>")
    .description("which version serves this unit (same local evaluation as the SDK)")
    .action(async (program: string, unit: string, _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const token = api.token;
      if (!token) throw new CliError("set ARENA_TOKEN (or --token) to a token with any role", EXIT.auth);
      // Probe first so an unreachable server or a bad token gets the CLI's usual message and exit code.
      await api.request("GET", "/v1/whoami");
      const client = createClient({ url: api.url, token, stream: false, exposures: false });
      try {
        await client.ready(5_000);
        const r = client.resolve(program, unit);
        emit(out, r, () => {
          const served = r.version === null ? "no version" : `v${r.version}`;
          const lines = [`${program} for ${unit}: @${r.alias} → ${served}${r.artifactUri ? ` (${r.artifactUri})` : ""}`, `reason: ${r.reason}${r.errorCode ? ` (${r.errorCode})` : ""}`];
          if (r.config !== null && r.config !== undefined) lines.push(`config: ${JSON.stringify(r.config)}`);
          for (const s of r.shadow) lines.push(`shadow call due: @${s.alias} → v${s.version}`);
          return lines.join("\n");
        });
        if (r.reason === "error") throw new CliError("", EXIT.failed);
      } finally {
        await client.close();
      }
    });
}
