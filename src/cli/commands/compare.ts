/**
 * `arena compare --input stats.json [--json]`: the decision engine offline.
 * Reads metric definitions and per-variant sufficient statistics, prints one
 * row per metric × challenger. Exit 0 when nothing fails, 1 when a metric
 * fails or the sample ratio mismatches, 2 when the input is malformed.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { StatsInputSchema, toAnalysisInput } from "../../contracts/stats-input.js";
import { analyse, type Analysis, type Comparison } from "../../core/stats/index.js";
import { CliError, EXIT } from "../errors.js";
import { table } from "../output.js";

export interface CompareOutcome {
  text: string;
  exitCode: number;
  analysis?: Analysis;
}

function formatNumber(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(4)));
  return x.toExponential(2);
}

function signed(x: number, relative: boolean): string {
  const body = relative ? `${formatNumber(x * 100)}%` : formatNumber(x);
  return x > 0 ? `+${body}` : body;
}

function formatP(p: number): string {
  return p < 1e-4 ? "<0.0001" : p.toFixed(4);
}

function row(c: Comparison): Array<string | null> {
  if (c.verdict === "insufficient_data") return [c.metric, c.variant, null, null, null, null, "insufficient_data", c.reason];
  const relative = c.scale === "relative";
  const estimate = c.scale === "psi" ? `PSI ${formatNumber(c.estimate)}` : signed(c.estimate, relative);
  const ci = c.ci ? `[${signed(c.ci[0], relative)}, ${signed(c.ci[1], relative)}]${c.sequential ? " seq" : ""}` : null;
  return [c.metric, c.variant, estimate, ci, formatP(c.pValue), formatP(c.adjustedPValue), c.verdict, c.reason];
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** Renders an analysis as an aligned table with the SRM line and per-challenger summary. */
export function formatAnalysis(analysis: Analysis): string {
  const lines = [
    table(["metric", "variant", "estimate", "CI", "p-value", "adj. p", "verdict", "reason"], analysis.comparisons.map(row)),
    "",
  ];
  const srm = analysis.srm;
  lines.push(
    srm.status === "ok"
      ? `sample ratio: χ² = ${formatNumber(srm.chi2)}, p = ${formatP(srm.pValue)} — ${srm.mismatch ? "MISMATCH: analysis invalid, nothing may be promoted" : "ok"}`
      : `sample ratio: not checked (${srm.reason})`,
  );
  for (const c of analysis.challengers) lines.push(`${c.variant}: ${c.verdict}`);
  return lines.join("\n");
}

/** Validates, analyses and formats; pure apart from the returned text (used by the command and its tests). */
export function runCompare(raw: unknown, options: { json?: boolean } = {}): CompareOutcome {
  const parsed = StatsInputSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${formatPath(i.path) || "(input)"}: ${i.message}`);
    return { text: `malformed input:\n${problems.join("\n")}`, exitCode: EXIT.usage };
  }
  const analysis = analyse(toAnalysisInput(parsed.data));
  const failed = analysis.status === "invalid" || analysis.comparisons.some((c) => c.verdict === "fail");
  return {
    text: options.json ? JSON.stringify(analysis, null, 2) : formatAnalysis(analysis),
    exitCode: failed ? EXIT.failed : EXIT.ok,
    analysis,
  };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("compare challengers with the champion from sufficient statistics (offline; no server needed)")
    .requiredOption("-i, --input <file>", "JSON with metric definitions and per-variant statistics (see docs/statistics.md)")
    .option("--json", "print the full analysis as JSON")
    .action((opts: { input: string; json?: boolean }, command: Command) => {
      const json = Boolean(opts.json ?? (command.optsWithGlobals() as { json?: boolean }).json);
      const outcome = runCompare(readJson(opts.input), { json });
      if (outcome.exitCode === EXIT.usage) throw new CliError(outcome.text, EXIT.usage);
      process.stdout.write(`${outcome.text}\n`);
      // An empty message: the result is printed already, only the exit code remains to report.
      if (outcome.exitCode !== EXIT.ok) throw new CliError("", outcome.exitCode);
    });
}
