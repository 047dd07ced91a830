import type { Command } from "commander";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, shortTime, table } from "../output.js";

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  hash: string;
}
interface Verdict {
  valid: boolean;
  entries: number;
  firstInvalidSeq: number | null;
  problem: string | null;
  headHash: string | null;
}

export function registerAudit(cli: Command): void {
  const audit = cli.command("audit").description("read and verify the tamper-evident audit trail");

  audit
    .command("list")
    .description("audit entries, oldest first")
    .option("-p, --program <name>", "only this program")
    .option("--action <action>", "only this action, e.g. alias.move")
    .option("--actor <name>", "only this actor")
    .option("--after <seq>", "entries after this sequence number", "0")
    .option("-n, --limit <n>", "at most this many", "100")
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      const { api, out } = commandContext(command);
      const q = new URLSearchParams();
      for (const key of ["program", "action", "actor", "after", "limit"]) if (opts[key]) q.set(key, opts[key]);
      const { entries } = await api.request<{ entries: Entry[] }>("GET", `/v1/audit?${q}`);
      emit(out, entries, () =>
        entries.length === 0 ? "no audit entries match" : table(["SEQ", "WHEN", "ACTOR", "ACTION", "TARGET", "HASH"], entries.map((e) => [e.seq, shortTime(e.at), e.actor, e.action, e.target, e.hash.slice(0, 12)])),
      );
    });

  audit
    .command("verify")
    .description("re-hash the whole chain; exits 1 and names the first tampered entry if any")
    .action(async (_opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const verdict = await api.request<Verdict>("GET", "/v1/audit/verify");
      emit(out, verdict, () =>
        verdict.valid
          ? `audit trail intact: ${verdict.entries} entries, head ${verdict.headHash?.slice(0, 16) ?? "(empty)"}`
          : `AUDIT TRAIL TAMPERED at entry #${verdict.firstInvalidSeq}: ${verdict.problem}`,
      );
      if (!verdict.valid) throw new CliError("", EXIT.failed);
    });
}
