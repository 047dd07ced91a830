import type { Command } from "commander";
import { runAggregateBacktest } from "../../backtest/aggregate-engine.js";
import { aggregatesFrom, readAggregatesFile, type AggregateHistory } from "../../backtest/aggregates.js";
import { HistoryError, readHistoryFile, type History } from "../../backtest/history.js";
import { BacktestError, runBacktest, type BacktestReport } from "../../backtest/engine.js";
import type { StoredBucket } from "../../contracts/telemetry.js";
import { parseDuration } from "../../core/time/duration.js";
import { CliError, EXIT } from "../errors.js";
import { consoleOutput, emit, table } from "../output.js";
import { progressOn } from "../progress.js";
import { commandContext } from "../context.js";
import { loadPolicy } from "./policy.js";
import { sinceTime, storedBuckets } from "./telemetry-export.js";

export function renderBacktest(r: BacktestReport): string {
  const replayed =
    r.unit === "buckets"
      ? `${r.eventsReplayed} stored buckets replayed (the split they were recorded under)`
      : `${r.eventsReplayed} events replayed (${r.eventsFilteredOut} not served under the policy's split)`;
  const lines = [
    `backtest of ${r.program} over ${r.from} … ${r.to}: ${replayed}`,
    `rollouts: ${r.rollouts.length} — promoted ${r.promoted}, rolled back ${r.rolledBack}, aborted ${r.aborted}, still running ${r.stillRunning}; false rollbacks: ${r.falseRollbacks}`,
  ];
  for (const d of r.detections)
    lines.push(
      `regression at ${d.at}: ${d.secondsToRollback === null ? "NOT detected" : `rolled back after ${d.secondsToRollback.toFixed(0)} s`}`,
    );
  lines.push(
    "",
    table(
      ["WHEN (SIMULATED)", "ACTION", "SUMMARY"],
      r.decisions.map((d) => [d.at.replace("T", " ").slice(0, 19), d.action, d.summary]),
    ),
  );
  return lines.join("\n");
}

export function registerBacktest(cli: Command): void {
  cli
    .command("backtest")
    .description(
      "replay recorded telemetry or Arena's stored aggregates through the controller with a simulated clock: what the policy would have decided, and when",
    )
    .requiredOption("--policy <policy.yaml>", "the policy to try")
    .option("--telemetry <history.jsonl>", "recorded events, one JSON object per line (see docs/backtest.md)")
    .option("--aggregates <agg.jsonl>", "stored aggregate buckets, as `arena telemetry export` writes them")
    .option("--program <program>", "replay this program's stored aggregates, read from the server (with --since)")
    .option("--since <time>", "with --program: a duration before now (30d) or an ISO-8601 time")
    .option("--step <duration>", "simulated time between controller looks (default: the policy's evaluateEvery)")
    .option("--no-progress", "no progress on stderr (a bar on a terminal, a line per 10 % otherwise)")
    .action(
      async (
        opts: {
          policy: string;
          telemetry?: string;
          aggregates?: string;
          program?: string;
          since?: string;
          step?: string;
          progress?: boolean;
        },
        command: Command,
      ) => {
        const out = consoleOutput(Boolean(command.optsWithGlobals<{ json?: boolean }>().json));
        const sources = [opts.telemetry, opts.aggregates, opts.program].filter((s) => s !== undefined);
        if (sources.length !== 1)
          throw new CliError(
            "name one thing to replay: --telemetry <history.jsonl>, --aggregates <agg.jsonl> or --program <program> --since <time>",
            EXIT.usage,
          );
        if (opts.program !== undefined && opts.since === undefined)
          throw new CliError("--program needs --since (e.g. --since 30d)", EXIT.usage);
        const policy = loadPolicy(opts.policy);
        const file = opts.telemetry ?? opts.aggregates;
        let history: { kind: "events"; h: History } | { kind: "buckets"; h: AggregateHistory };
        try {
          if (opts.telemetry) history = { kind: "events", h: await readHistoryFile(opts.telemetry) };
          else if (opts.aggregates) history = { kind: "buckets", h: await readAggregatesFile(opts.aggregates) };
          else {
            const { api } = commandContext(command);
            const buckets: StoredBucket[] = [];
            for await (const b of storedBuckets(api, opts.program!, sinceTime(opts.since!), new Date().toISOString())) buckets.push(b);
            history = { kind: "buckets", h: aggregatesFrom(buckets) };
          }
        } catch (error) {
          if (error instanceof HistoryError) throw new CliError(`${file}: ${error.message}`, EXIT.usage);
          if ((error as NodeJS.ErrnoException).code && file)
            throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
          throw error;
        }
        let report: BacktestReport;
        try {
          const progress = progressOn(process.stderr, "backtest");
          const hms = (ms: number) => new Date(ms).toISOString().slice(11, 19);
          const options = {
            ...(opts.step ? { stepMs: parseDuration(opts.step) } : {}),
            ...(opts.progress === false
              ? {}
              : {
                  onProgress: (p: { at: number; from: number; to: number }) =>
                    progress.update(
                      (p.at - p.from) / Math.max(1, p.to - p.from),
                      `simulated ${hms(p.at)} of ${hms(p.from)}–${hms(p.to)} UTC`,
                    ),
                }),
          };
          if (history.kind === "buckets" && history.h.count === 0 && opts.program)
            throw new BacktestError(
              `0 buckets to replay: the server stores no telemetry of "${opts.program}" since ${sinceTime(opts.since!)}`,
            );
          report =
            history.kind === "events"
              ? await runBacktest(policy, history.h, options)
              : await runAggregateBacktest(policy, history.h, options);
          progress.done();
        } catch (error) {
          if (error instanceof BacktestError) throw new CliError(`backtest refused: ${error.message}`, EXIT.failed);
          throw error;
        }
        emit(out, report, () => renderBacktest(report));
      },
    );
}
