import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { AuditList } from "../../contracts/audit.js";
import type { AuditVerification } from "../../contracts/audit.js";
import { keyIdOf as keyIdFor, publicKeyring, type TrustedKey } from "../../server/audit/signing-key.js";
import type { AuditEntry } from "../../server/audit/store.js";
import { LogVerifier } from "../../server/audit/verify-log.js";
import type { Checkpoint } from "../../server/audit/witness.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { knownHead, rememberHead } from "../known-heads.js";
import { emit, shortTime, table } from "../output.js";

function report(
  v: Pick<AuditVerification, "valid" | "entries" | "headSeq" | "headHash" | "firstInvalidSeq" | "problem" | "findings">,
  extra = "",
): string {
  if (v.valid) return `audit trail intact: ${v.entries} entries, head #${v.headSeq} ${v.headHash?.slice(0, 16) ?? "(empty)"}${extra}`;
  const more =
    v.findings.length > 1
      ? `\n${v.findings
          .slice(1, 10)
          .map((f) => `  also at #${f.seq}: ${f.problem}`)
          .join("\n")}`
      : "";
  return `AUDIT TRAIL TAMPERED at entry #${v.firstInvalidSeq}: ${v.problem}${more}`;
}

/** Verifies an export offline: needs only the file and the trusted public key(s), no server. */
export function verifyExport(text: string, trusted: TrustedKey[] | null) {
  const lines = text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
  const header = lines.find((l) => l.type === "header") as { publicKeys?: TrustedKey[] } | undefined;
  const keys = trusted ?? header?.publicKeys ?? [];
  const checkpoints = lines.filter((l) => l.type === "checkpoint") as unknown as Checkpoint[];
  const verifier = new LogVerifier(publicKeyring(keys), checkpoints);
  for (const l of lines) if (l.type === "entry") verifier.push(stripType(l) as unknown as AuditEntry);
  const v = verifier.verdict();
  const first = v.findings[0] ?? null;
  return {
    valid: first === null,
    entries: v.entries,
    headSeq: v.headSeq,
    headHash: first ? null : v.headHash,
    firstInvalidSeq: first?.seq ?? null,
    problem: first?.problem ?? null,
    findings: v.findings,
  };
}
const stripType = ({ type: _type, ...rest }: Record<string, unknown>) => rest;

export function registerAudit(cli: Command): void {
  const audit = cli.command("audit").description("read, verify and export the signed, tamper-evident audit trail");

  audit
    .command("list")
    .description("audit entries, oldest first, a page at a time (says when more follow)")
    .option("-p, --program <name>", "only this program")
    .option("--action <action>", "only this action, e.g. alias.move")
    .option("--actor <name>", "only this actor")
    .option("--after <seq>", "entries after this sequence number", "0")
    .option("-n, --limit <n>", "at most this many", "100")
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      const { api, out } = commandContext(command);
      const q = new URLSearchParams();
      for (const key of ["program", "action", "actor", "after", "limit"]) if (opts[key]) q.set(key, opts[key]);
      const { entries, next } = await api.request<AuditList>("GET", `/v1/audit?${q}`);
      emit(out, entries, () => {
        if (entries.length === 0) return "no audit entries match";
        const rows = table(
          ["SEQ", "WHEN", "ACTOR", "ACTION", "TARGET", "HASH"],
          entries.map((e) => [e.seq, shortTime(e.at), e.actor, e.action, e.target, e.hash.slice(0, 12)]),
        );
        // Oldest first, a page at a time: say so when there is more, and how to read on.
        return next === null || next === undefined
          ? rows
          : `${rows}\n… more entries follow (this page ends at seq ${entries.at(-1)!.seq}): arena audit list --after ${next}${opts.program ? ` --program ${opts.program}` : ""}`;
      });
    });

  audit
    .command("verify")
    .description(
      "check links, hashes, signatures, the witness checkpoints and the head this CLI saw last; exits 1 naming the first bad entry",
    )
    .option("--state", "also replay aliases, tokens, principals and policies from the log and compare them with the tables")
    .option("--file <export.jsonl>", "verify an export offline (no server), against --public-key or the keys in its header")
    .option("--public-key <pem-file>", "with --file: the trusted public key (audit-public-keys.jsonl or a PEM)")
    .action(async (opts: { state?: boolean; file?: string; publicKey?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      if (opts.file) {
        const verdict = verifyExport(
          readFileSync(opts.file, "utf8"),
          opts.publicKey ? trustedFrom(readFileSync(opts.publicKey, "utf8")) : null,
        );
        emit(out, verdict, () => report(verdict, " (offline)"));
        if (!verdict.valid) throw new CliError("", EXIT.failed);
        return;
      }
      const q = new URLSearchParams(opts.state ? { state: "true" } : {});
      const verdict = await api.request<AuditVerification>("GET", `/v1/audit/verify?${q}`);
      // The head this CLI verified last for this server and signing key (another key: another server on the same URL).
      const known = knownHead(`${api.url}#${verdict.keyId}`);
      if (known) {
        const [entry] = (await api.request<AuditList>("GET", `/v1/audit?after=${known.seq - 1}&limit=1`)).entries;
        const finding =
          known.seq > verdict.headSeq || !entry || entry.seq !== known.seq
            ? {
                seq: verdict.headSeq + 1,
                problem: `the log ends at entry #${verdict.headSeq} but this CLI verified entry #${known.seq} on ${known.at}: entries were deleted (truncation or rollback of the log)`,
              }
            : entry.hash !== known.hash
              ? { seq: known.seq, problem: `entry #${known.seq} differs from the one this CLI verified on ${known.at}` }
              : null;
        if (finding) {
          const findings = [finding, ...verdict.findings].sort((a, b) => a.seq - b.seq);
          Object.assign(verdict, {
            valid: false,
            firstInvalidSeq: findings[0]!.seq,
            problem: findings[0]!.problem,
            headHash: null,
            findings,
          });
        }
      }
      if (verdict.valid && verdict.headHash)
        rememberHead(`${api.url}#${verdict.keyId}`, { seq: verdict.headSeq, hash: verdict.headHash, at: new Date().toISOString() });
      emit(out, verdict, () =>
        report(
          verdict,
          `${verdict.stateChecked ? ", tables match the log" : ""}${verdict.latestCheckpoint ? `, checkpoint #${verdict.latestCheckpoint.seq}` : ""}`,
        ),
      );
      if (!verdict.valid) throw new CliError("", EXIT.failed);
    });

  audit
    .command("export")
    .description("write the log as JSON lines with signatures, public keys and checkpoints (verify offline: arena audit verify --file)")
    .requiredOption("-o, --output <file>", "where to write it")
    .action(async (opts: { output: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const text = await api.text("/v1/audit/export");
      writeFileSync(opts.output, text);
      const entries = text.split("\n").filter((l) => l.includes('"type":"entry"')).length;
      emit(out, { file: opts.output, entries }, () => `wrote ${entries} entries to ${opts.output}`);
    });
}

/** Public keys from a keyring file (JSON lines) or a single PEM. */
function trustedFrom(text: string): TrustedKey[] {
  if (text.includes("-----BEGIN PUBLIC KEY-----") && !text.trim().startsWith("{")) {
    return [{ keyId: keyIdFor(text), publicKeyPem: text }];
  }
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TrustedKey);
}
