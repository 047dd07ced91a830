import type { Command } from "commander";
import { HistoryError, readHistoryFile } from "../../backtest/history.js";
import { BacktestError, runBacktest, type BacktestReport } from "../../backtest/engine.js";
import { parseDuration } from "../../core/time/duration.js";
import { CliError, EXIT } from "../errors.js";
import { consoleOutput, emit, table } from "../output.js";
import { progressOn } from "../progress.js";
import { loadPolicy } from "./policy.js";

export function renderBacktest(r: BacktestReport): string {
  const lines = [
    `backtest of ${r.program} over ${r.from} … ${r.to}: ${r.eventsReplayed} events replayed (${r.eventsFilteredOut} not served under the policy's split)`,
    `rollouts: ${r.rollouts.length} — promoted ${r.promoted}, rolled back ${r.rolledBack}, aborted ${r.aborted}, still running ${r.stillRunning}; false rollbacks: ${r.falseRollbacks}`,
  ];
  for (const d of r.detections) lines.push(`regression at ${d.at}: ${d.secondsToRollback === null ? "NOT detected" : `rolled back after ${d.secondsToRollback.toFixed(0)} s`}`);
  lines.push("", table(["WHEN (SIMULATED)", "ACTION", "SUMMARY"], r.decisions.map((d) => [d.at.replace("T", " ").slice(0, 19), d.action, d.summary])));
  return lines.join("\n");
}

export function registerBacktest(cli: Command): void {
  cli
    .command("backtest")
    .description("replay recorded telemetry (JSON lines) through the controller with a simulated clock: what the policy would have decided, and when")
    .requiredOption("--policy <policy.yaml>", "the policy to try")
    .requiredOption("--telemetry <history.jsonl>", "recorded events, one JSON object per line (see docs/backtest.md)")
    .option("--step <duration>", "simulated time between controller looks (default: the policy's evaluateEvery)")
    .option("--no-progress", "no progress on stderr (a bar on a terminal, a line per 10 % otherwise)")
    .action(async (opts: { policy: string; telemetry: string; step?: string; progress?: boolean }, command: Command) => {
      const out = consoleOutput(Boolean(command.optsWithGlobals<{ json?: boolean }>().json));
      const policy = loadPolicy(opts.policy);
      let history;
      try {
        history = await readHistoryFile(opts.telemetry);
      } catch (error) {
        if (error instanceof HistoryError) throw new CliError(`${opts.telemetry}: ${error.message}`, EXIT.usage);
        if ((error as NodeJS.ErrnoException).code) throw new CliError(`cannot read ${opts.telemetry}: ${(error as Error).message}`, EXIT.usage);
        throw error;
      }
      let report: BacktestReport;
      try {
        const progress = progressOn(process.stderr, "backtest");
        const hms = (ms: number) => new Date(ms).toISOString().slice(11, 19);
        report = await runBacktest(policy, history, {
          ...(opts.step ? { stepMs: parseDuration(opts.step) } : {}),
          ...(opts.progress === false ? {} : { onProgress: (p) => progress.update((p.at - p.from) / Math.max(1, p.to - p.from), `simulated ${hms(p.at)} of ${hms(p.from)}–${hms(p.to)} UTC`) }),
        });
        progress.done();
      } catch (error) {
        if (error instanceof BacktestError) throw new CliError(`backtest refused: ${error.message}`, EXIT.failed);
        throw error;
      }
      emit(out, report, () => renderBacktest(report));
    });
}
