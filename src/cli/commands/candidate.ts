import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Candidate, CandidateList } from "../../contracts/candidates.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { collect, emit, shortTime, table } from "../output.js";

/** Reads a JSON file given on the command line; a bad file is a usage error naming the file. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${what} file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} file ${path} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
}

function parseCheck(text: string): { name: string; passed: boolean; url: string | null } {
  const match = /^([^=]+)=(pass|fail)(?:,(\S+))?$/.exec(text);
  if (!match) throw new CliError(`--check "${text}" must look like name=pass or name=fail,https://link`, EXIT.usage);
  return { name: match[1]!, passed: match[2] === "pass", url: match[3] ?? null };
}

/** A version as people read it: identity, status, provenance, metrics and checks. */
export function renderCandidate(c: Candidate): string {
  const lines = [
    `${c.program} v${c.version}  ${c.status}${c.statusReason ? ` (${c.statusReason})` : ""}`,
    `artifact:    ${c.artifactUri ?? "(inline config)"}`,
    `commit:      ${c.provenance.codeCommit ?? "-"}`,
    `lockfile:    ${c.provenance.lockfileHash ?? "-"}`,
    `data:        ${c.provenance.dataFingerprint ?? "-"}`,
    `registered:  ${shortTime(c.provenance.createdAt)} by ${c.provenance.createdBy}`,
  ];
  if (c.tags.length > 0) lines.push(`tags:        ${c.tags.join(", ")}`);
  const metrics = Object.entries(c.metrics);
  if (metrics.length > 0)
    lines.push(
      "",
      table(
        ["METRIC", "VALUE"],
        metrics.map(([k, v]) => [k, v]),
      ),
    );
  if (c.checks.length > 0)
    lines.push(
      "",
      table(
        ["CHECK", "RESULT", "LINK"],
        c.checks.map((ch) => [ch.name, ch.passed ? "pass" : "FAIL", ch.url]),
      ),
    );
  if (c.config !== null && c.config !== undefined) lines.push("", `config: ${JSON.stringify(c.config, null, 2)}`);
  return lines.join("\n");
}

function emptyListHint(program: string, status: string | undefined): string {
  if (status === "rejected") {
    return `no rejected versions of ${program}. A candidate the registry gate refuses gets no version number; its reasons are in \`arena decisions ${program}\` (action registry_rejected) and \`arena audit list --program ${program}\`.`;
  }
  if (status) return `no ${status} versions of ${program}`;
  return `no versions of ${program} yet: \`arena candidate register ${program} --artifact URI --metrics metrics.json\``;
}

export function registerCandidate(cli: Command): void {
  const candidate = cli.command("candidate").description("register, list, show and retire candidate versions");

  candidate
    .command("register <program>")
    .description("register an immutable version with its artifact (or config), provenance, offline metrics and checks")
    .option("-a, --artifact <uri>", "artifact URI, e.g. s3://models/fraud/48")
    .option("-c, --config <file>", "inline config payload from a JSON file (instead of an artifact)")
    .option("-m, --metrics <file>", "offline metrics as a JSON object name → number")
    .option("--commit <sha>", "code commit")
    .option("--lockfile-hash <hash>", "dependency lockfile hash")
    .option("--data <fingerprint>", "training-data fingerprint")
    .option("--check <name=pass|fail[,url]>", "a named check (repeatable)", collect, [] as string[])
    .option("--tag <tag>", "a tag (repeatable)", collect, [] as string[])
    .option(
      "--external-ref <ref>",
      "the version's name where it came from, e.g. mlflow:fraud-detector/7 (unique; registering it again answers the existing version)",
    )
    .option("-d, --description <text>", "description", "")
    .action(async (programName: string, opts: Record<string, unknown>, command: Command) => {
      const { api, out } = commandContext(command);
      if (!opts.artifact && !opts.config) throw new CliError("give --artifact URI or --config FILE", EXIT.usage);
      const metrics = opts.metrics ? readJsonFile(String(opts.metrics), "metrics") : {};
      const body = {
        description: opts.description,
        artifactUri: opts.artifact ?? null,
        ...(opts.config ? { config: readJsonFile(String(opts.config), "config") } : {}),
        metrics,
        provenance: { codeCommit: opts.commit ?? null, lockfileHash: opts.lockfileHash ?? null, dataFingerprint: opts.data ?? null },
        checks: (opts.check as string[]).map(parseCheck),
        tags: opts.tag,
        ...(opts.externalRef ? { externalRef: String(opts.externalRef) } : {}),
      };
      const { status, body: created } = await api.exchange<Candidate>(
        "POST",
        `/v1/programs/${encodeURIComponent(programName)}/candidates`,
        body,
      );
      emit(out, created, () =>
        status === 200
          ? `${created.program} v${created.version} is ${created.externalRef} already (registered ${shortTime(created.provenance.createdAt)})`
          : `registered ${created.program} v${created.version}`,
      );
    });

  candidate
    .command("list <program>")
    .description("list versions")
    .option("-s, --status <status>", "registered, rejected or retired")
    .action(async (programName: string, opts: { status?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const q = opts.status ? `?status=${encodeURIComponent(opts.status)}` : "";
      const { candidates } = await api.request<CandidateList>("GET", `/v1/programs/${encodeURIComponent(programName)}/candidates${q}`);
      emit(out, candidates, () =>
        candidates.length === 0
          ? emptyListHint(programName, opts.status)
          : table(
              ["VERSION", "STATUS", "ARTIFACT", "METRICS", "CHECKS", "CREATED", "BY"],
              candidates.map((c) => [
                `v${c.version}`,
                c.status,
                c.artifactUri ?? "(inline config)",
                Object.entries(c.metrics)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(" "),
                c.checks.map((ch) => `${ch.name}:${ch.passed ? "pass" : "FAIL"}`).join(" "),
                shortTime(c.provenance.createdAt),
                c.provenance.createdBy,
              ]),
            ),
      );
    });

  candidate
    .command("show <program> <version>")
    .description("show one version with its provenance")
    .action(async (programName: string, version: string, _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const c = await api.request<Candidate>(
        "GET",
        `/v1/programs/${encodeURIComponent(programName)}/candidates/${encodeURIComponent(version)}`,
      );
      emit(out, c, () => renderCandidate(c));
    });

  candidate
    .command("retire <program> <version>")
    .description("retire a version for good (it can never be aliased again)")
    .requiredOption("-r, --reason <text>", "why")
    .action(async (programName: string, version: string, opts: { reason: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const c = await api.request<Candidate>(
        "POST",
        `/v1/programs/${encodeURIComponent(programName)}/candidates/${encodeURIComponent(version)}/retire`,
        { reason: opts.reason },
      );
      emit(out, c, () => `retired ${c.program} v${c.version}`);
    });
}
