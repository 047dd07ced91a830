import type { Command } from "commander";
import type { z } from "zod";
import type { StoredBucket, TelemetryExportPageSchema } from "../../contracts/telemetry.js";
import { parseDuration } from "../../core/time/duration.js";
import type { ApiClient } from "../api-client.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";

/** GET /v1/programs/:program/telemetry/export, one page. */
type ExportPage = z.infer<typeof TelemetryExportPageSchema>;

/** "30d" (before now) or an ISO time → ISO time. */
export function sinceTime(since: string, now = Date.now()): string {
  if (/^\d+(ms|s|m|h|d)$/.test(since)) return new Date(now - parseDuration(since)).toISOString();
  if (Number.isFinite(Date.parse(since))) return new Date(Date.parse(since)).toISOString();
  throw new CliError(`--since "${since}" must be a duration before now (30d, 12h) or an ISO-8601 time`, EXIT.usage);
}

/** Every stored bucket of a program in [since, until), page after page, oldest first. */
export async function* storedBuckets(api: ApiClient, program: string, since: string, until: string): AsyncGenerator<StoredBucket> {
  let cursor: string | null = null;
  do {
    const q = `since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=5000${cursor ? `&cursor=${cursor}` : ""}`;
    const page: ExportPage = await api.request("GET", `/v1/programs/${encodeURIComponent(program)}/telemetry/export?${q}`);
    yield* page.buckets;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

export function registerTelemetryExport(cli: Command): void {
  cli
    .command("telemetry")
    .description("stored telemetry of a program")
    .command("export")
    .description("write a program's stored aggregate buckets as JSON lines, oldest first (the input of `arena backtest --aggregates`)")
    .requiredOption("--program <program>", "the program")
    .requiredOption("--since <time>", "a duration before now (30d) or an ISO-8601 time")
    .option("--until <time>", "an ISO-8601 time (default: now)")
    .action(async (opts: { program: string; since: string; until?: string }, command: Command) => {
      const { api } = commandContext(command);
      const until = opts.until ? sinceTime(opts.until) : new Date().toISOString();
      let n = 0;
      for await (const b of storedBuckets(api, opts.program, sinceTime(opts.since), until)) {
        if (!process.stdout.write(`${JSON.stringify({ type: "bucket", ...b })}\n`))
          await new Promise((done) => process.stdout.once("drain", done));
        n++;
      }
      process.stderr.write(`${n} buckets of ${opts.program} exported\n`);
    });
}
