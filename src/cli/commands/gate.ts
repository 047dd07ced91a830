/**
 * `arena gate --policy policy.yaml --candidate metrics.json [--champion metrics.json]`:
 * a policy's offline gates (registry, pre-production) in a CI pipeline, with
 * no server. Prints every condition with its verdict and exits 0 when every
 * required condition passes, 1 on any failure or missing data, 2 on bad input.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { formatPolicyErrors, parsePolicy } from "../../contracts/policy-yaml.js";
import { formatValue, type ConditionResult, type GateSummary, type OfflineCandidate } from "../../core/policy/index.js";
import { evaluateCandidate } from "../../core/rollout/evaluate.js";
import { CliError, EXIT } from "../errors.js";
import { table } from "../output.js";
import { readJsonFile } from "./candidate.js";

export type GateChoice = "registry" | "preproduction" | "all";

export interface GateInput {
  policyText: string;
  /** File name for error positions, e.g. "policy.yaml". */
  policySource: string;
  candidate: unknown;
  champion?: unknown;
  gate?: GateChoice;
  json?: boolean;
}

export interface GateOutcome {
  text: string;
  exitCode: number;
  results?: ConditionResult[];
}

const Metrics = z.record(z.string(), z.number().refine(Number.isFinite, { message: "must be a finite number" }));
/** The structured form; extra fields are allowed, so `arena candidate show --json` output works as is. */
const Structured = z.object({
  metrics: Metrics,
  checks: z.array(z.object({ name: z.string().min(1), passed: z.boolean() })).default([]),
});

function readMetricsFile(raw: unknown, what: string): { ok: true; value: OfflineCandidate } | { ok: false; text: string } {
  const structured = raw !== null && typeof raw === "object" && !Array.isArray(raw) && "metrics" in raw;
  if (structured) {
    const s = Structured.safeParse(raw);
    if (s.success) return { ok: true, value: s.data };
    return { ok: false, text: problemsText(what, s.error.issues) };
  }
  const flat = Metrics.safeParse(raw);
  if (flat.success) return { ok: true, value: { metrics: flat.data, checks: [] } };
  return { ok: false, text: problemsText(what, flat.error.issues) };
}

function problemsText(what: string, issues: readonly z.core.$ZodIssue[]): string {
  const problems = issues.map((i) => `  ${[what, ...i.path.map(String)].join(".")}: ${i.message}`);
  return `${what} file: expected {"name": number, …} or {"metrics": {…}, "checks": [{"name", "passed"}]}\n${problems.join("\n")}`;
}

function row(r: ConditionResult): Array<string | null> {
  const show = (x: number | undefined): string | null => (x === undefined ? null : formatValue(x, r.unit));
  return [r.gate, r.label, show(r.value), show(r.championValue), r.required ? r.verdict : `${r.verdict} (info)`, r.reason];
}

function summaryText(gate: string, s: GateSummary): string {
  return `${gate}: ${s.outcome} — ${s.reason}`;
}

/** Parses, evaluates and formats; pure apart from the returned text (used by the command and its tests). */
export function runGate(input: GateInput): GateOutcome {
  const parsed = parsePolicy(input.policyText, input.policySource);
  if (!parsed.ok)
    return { text: `${input.policySource} is not a valid policy:\n${formatPolicyErrors(parsed.errors)}`, exitCode: EXIT.usage };
  const candidate = readMetricsFile(input.candidate, "candidate");
  if (!candidate.ok) return { text: candidate.text, exitCode: EXIT.usage };
  let champion: OfflineCandidate | undefined;
  if (input.champion !== undefined) {
    const c = readMetricsFile(input.champion, "champion");
    if (!c.ok) return { text: c.text, exitCode: EXIT.usage };
    champion = c.value;
  }
  const policy = parsed.policy;
  const gates = input.gate === undefined || input.gate === "all" ? (["registry", "preproduction"] as const) : ([input.gate] as const);
  // The server's own evaluation of a candidate (registration, a rollout's start), run here without a server.
  const { byGate, results, summary: overall } = evaluateCandidate(policy, gates, candidate.value, champion);
  const exitCode = overall.outcome === "pass" ? EXIT.ok : EXIT.failed;
  if (input.json) {
    const body = {
      program: policy.program,
      outcome: overall.outcome,
      gates: Object.fromEntries(byGate.map((g) => [g.gate, { outcome: g.summary.outcome, reason: g.summary.reason }])),
      results,
    };
    return { text: JSON.stringify(body, null, 2), exitCode, results };
  }
  if (results.length === 0)
    return {
      text: `${policy.program}: no conditions in the ${gates.join(" and ")} gate${gates.length > 1 ? "s" : ""}: nothing to check`,
      exitCode,
      results,
    };
  const lines = [table(["gate", "condition", "candidate", "champion", "verdict", "reason"], results.map(row)), ""];
  for (const g of byGate) lines.push(summaryText(g.gate, g.summary));
  if (!champion && results.some((r) => r.reason === "no champion metrics to compare with"))
    lines.push("hint: deltas need the champion's metrics: --champion metrics.json");
  lines.push(
    `${policy.program}: ${overall.outcome === "pass" ? "PASS" : overall.outcome === "fail" ? "FAIL" : "NO DATA (no decision from missing data)"}`,
  );
  return { text: lines.join("\n"), exitCode, results };
}

function readPolicyText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read policy file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
}

export function registerGate(program: Command): void {
  program
    .command("gate")
    .description("check a candidate's offline metrics against a policy's registry and pre-production gates (offline, for CI)")
    .requiredOption("-p, --policy <policy.yaml>", "the policy file")
    .requiredOption(
      "-c, --candidate <metrics.json>",
      'the candidate\'s metrics: {"f1": 0.33, …} or {"metrics": {…}, "checks": [{"name", "passed"}]}',
    )
    .option("--champion <metrics.json>", "the champion's metrics, for deltas")
    .option("-g, --gate <gate>", "registry, preproduction or all", "all")
    .option("--json", "print the results as JSON")
    .action((opts: { policy: string; candidate: string; champion?: string; gate: string; json?: boolean }, command: Command) => {
      if (!["registry", "preproduction", "all"].includes(opts.gate))
        throw new CliError(`--gate must be registry, preproduction or all (not "${opts.gate}")`, EXIT.usage);
      const outcome = runGate({
        policyText: readPolicyText(opts.policy),
        policySource: opts.policy,
        candidate: readJsonFile(opts.candidate, "candidate"),
        ...(opts.champion !== undefined ? { champion: readJsonFile(opts.champion, "champion") } : {}),
        gate: opts.gate as GateChoice,
        json: Boolean(opts.json ?? (command.optsWithGlobals() as { json?: boolean }).json),
      });
      if (outcome.exitCode === EXIT.usage) throw new CliError(outcome.text, EXIT.usage);
      process.stdout.write(`${outcome.text}\n`);
      // The report is printed already; only the exit code remains to report.
      if (outcome.exitCode !== EXIT.ok) throw new CliError("", outcome.exitCode);
    });
}
