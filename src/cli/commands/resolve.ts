import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { createClient, type Resolution } from "../../sdk/index.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, table } from "../output.js";

/** Most unit ids one `--units` file may hold. */
const MAX_UNITS = 1_000_000;

function unitsFrom(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`--units: cannot read ${file} (${(error as Error).message})`, EXIT.usage);
  }
  const units = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (units.length === 0) throw new CliError(`--units: ${file} holds no unit id (one per line)`, EXIT.usage);
  if (units.length > MAX_UNITS) throw new CliError(`--units: ${file} holds ${units.length} unit ids; at most ${MAX_UNITS}`, EXIT.usage);
  return units;
}

function describe(program: string, unit: string, r: Resolution): string {
  const served = r.version === null ? "no version" : `v${r.version}`;
  const lines = [
    `${program} for ${unit}: @${r.alias} → ${served}${r.artifactUri ? ` (${r.artifactUri})` : ""}`,
    `reason: ${r.reason}${r.errorCode ? ` (${r.errorCode})` : ""}`,
  ];
  if (r.config !== null && r.config !== undefined) lines.push(`config: ${JSON.stringify(r.config)}`);
  for (const s of r.shadow) lines.push(`shadow call due: @${s.alias} → v${s.version}`);
  return lines.join("\n");
}

/** Resolves exactly as a serving SDK would: fetch the snapshot once, assign locally. */
export function registerResolve(cli: Command): void {
  cli
    .command("resolve <program> [unit]")
    .description("which version serves this unit (same local evaluation as the SDK)")
    .option("--units <file>", "resolve every unit id of a file (one per line) against one snapshot")
    .action(async (program: string, unit: string | undefined, opts: { units?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      if ((unit === undefined) === (opts.units === undefined)) throw new CliError("give one unit id, or --units <file>", EXIT.usage);
      const units = opts.units === undefined ? [unit!] : unitsFrom(opts.units);
      const token = api.token;
      if (!token) throw new CliError("set ARENA_TOKEN (or --token) to a token with any role", EXIT.auth);
      // Probe first so an unreachable server or a bad token gets the CLI's usual message and exit code.
      await api.request("GET", "/v1/whoami");
      const client = createClient({ url: api.url, token, stream: false, exposures: false });
      try {
        await client.ready(5_000);
        const answers = units.map((u) => client.resolve(program, u));
        if (opts.units === undefined) {
          emit(out, answers[0], () => describe(program, unit!, answers[0]!));
        } else {
          emit(
            out,
            units.map((u, i) => ({ unitId: u, ...answers[i]! })),
            () =>
              table(
                ["UNIT", "ALIAS", "VERSION", "REASON"],
                units.map((u, i) => [
                  u,
                  answers[i]!.alias,
                  answers[i]!.version,
                  answers[i]!.errorCode ? `${answers[i]!.reason} (${answers[i]!.errorCode})` : answers[i]!.reason,
                ]),
              ),
          );
        }
        if (answers.some((r) => r.reason === "error")) throw new CliError("", EXIT.failed);
      } finally {
        await client.close();
      }
    });
}
