import type { Command } from "commander";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { emit, shortTime, table } from "../output.js";

interface Applied {
  rollout: { id: string; status: string; stepIndex: number; hold: string | null };
  decision: { summary: string } | null;
}
interface Decision {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  rolloutId: string | null;
  conditions: Record<string, Array<{ label: string; verdict: string; reason: string; segment?: string }>>;
}
interface Status {
  globalFreeze: boolean;
  programs: Array<{
    program: string;
    champion: number | null;
    frozen: boolean;
    rollout: { id: string; status: string; step: number; steps: number; stepLabel: string; stepStartedAt: string; stepDurationMs: number; challengers: Array<{ version: number; status: string }>; hold: string | null; paused: boolean } | null;
    lastDecision: { at: string; action: string; summary: string } | null;
  }>;
}

function versionList(text: string[]): number[] {
  return text.map((t) => {
    const n = Number(t.replace(/^v/, ""));
    if (!Number.isInteger(n) || n < 1) throw new CliError(`version "${t}" must be a positive integer such as 48 or v48`, EXIT.usage);
    return n;
  });
}

/** A bar for step progress: [#####.....] 50 %. */
export function progressBar(startedAt: string, durationMs: number, now = Date.now()): string {
  const f = durationMs > 0 ? Math.min(1, Math.max(0, (now - Date.parse(startedAt)) / durationMs)) : 1;
  const filled = Math.round(f * 10);
  return `[${"#".repeat(filled)}${".".repeat(10 - filled)}] ${Math.round(f * 100)} %`;
}

async function current(command: Command, program: string): Promise<string> {
  const { api } = commandContext(command);
  const { rollouts } = await api.request<{ rollouts: Array<{ id: string; status: string }> }>("GET", `/v1/programs/${encodeURIComponent(program)}/rollouts`);
  const live = rollouts.find((r) => !["promoted", "rolled_back", "aborted", "not_promoted"].includes(r.status));
  if (!live) throw new CliError(`${program} has no running rollout`, EXIT.failed);
  return live.id;
}

interface RolloutView {
  plan: { approvalRoles: Array<{ name: string; members: string[] }> };
  approvals: Array<{ role: string; by: string }>;
}

/** The approval role to sign for when --role is not given: the one still waiting that the caller belongs to. */
async function inferApprovalRole(command: Command, rolloutId: string): Promise<string> {
  const { api } = commandContext(command);
  const [rollout, me] = await Promise.all([api.request<RolloutView>("GET", `/v1/rollouts/${rolloutId}`), api.request<{ name: string }>("GET", "/v1/whoami")]);
  const roles = rollout.plan.approvalRoles;
  if (roles.length === 0) return "approver";
  const waiting = roles.filter((r) => !rollout.approvals.some((a) => a.role === r.name));
  const mine = waiting.filter((r) => r.members.includes(me.name));
  if (mine.length === 1) return mine[0]!.name;
  if (mine.length > 1) throw new CliError(`${me.name} belongs to several roles still waiting (${mine.map((r) => r.name).join(", ")}); choose one with --role`, EXIT.usage);
  const list = waiting.map((r) => `${r.name} (members: ${r.members.join(", ")})`).join("; ");
  throw new CliError(waiting.length === 0 ? "every approval role has signed off already" : `${me.name} is not a member of any approval role still waiting: ${list}`, EXIT.failed);
}

export function registerRollout(cli: Command): void {
  const rollout = cli.command("rollout").description("start and steer rollouts (challengers against the champion)");

  rollout
    .command("start <program> <versions...>")
    .description("start a rollout of challenger versions per the program's policy (after the pre-production gate)")
    .action(async (program: string, versions: string[], _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const applied = await api.request<Applied>("POST", `/v1/programs/${encodeURIComponent(program)}/rollouts`, { challengers: versionList(versions) });
      emit(out, applied, () => `rollout ${applied.rollout.id} ${applied.decision?.summary ?? "started"}`);
    });

  const act = (name: string, description: string, body?: (opts: Record<string, string>) => object) => {
    const c = rollout.command(`${name} <program>`).description(description);
    if (name === "approve") c.option("--role <role>", "the approval role you sign for (default: the one role still waiting that you belong to)").option("-m, --comment <text>", "a comment", "");
    if (["abort", "rollback", "reject"].includes(name)) c.requiredOption("-r, --reason <text>", "why");
    c.action(async (program: string, opts: Record<string, string>, command: Command) => {
      const { api, out } = commandContext(command);
      const id = await current(command, program);
      if (name === "approve" && !opts.role) opts.role = await inferApprovalRole(command, id);
      const applied = await api.request<Applied>("POST", `/v1/rollouts/${id}/${name}`, body ? body(opts) : undefined);
      emit(out, applied, () => applied.decision?.summary ?? `${name}: nothing to change (${applied.rollout.status})`);
    });
  };
  act("pause", "hold the running rollout at its step (rollbacks still happen)");
  act("resume", "resume a paused rollout");
  act("abort", "end the rollout without promotion", (o) => ({ reason: o.reason }));
  act("rollback", "roll back now (during burn-in: move @champion back)", (o) => ({ reason: o.reason }));
  act("promote", "skip remaining steps: promotes once every required condition passes and approvals are in");
  act("approve", "sign off for an approval role (you cannot approve your own rollout)", (o) => ({ role: o.role, comment: o.comment }));
  act("reject", "refuse the promotion", (o) => ({ reason: o.reason }));

  cli
    .command("decisions <program>")
    .description("decision records with their plain-language summaries")
    .option("-n, --limit <n>", "at most this many (latest)", "20")
    .option("-v, --verbose", "show every condition's verdict")
    .action(async (program: string, opts: { limit: string; verbose?: boolean }, command: Command) => {
      const { api, out } = commandContext(command);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit "${opts.limit}" must be a whole number ≥ 1`, EXIT.usage);
      // An unknown program is an error (exit 1), not an empty history.
      await api.request("GET", `/v1/programs/${encodeURIComponent(program)}`);
      const { decisions } = await api.request<{ decisions: Decision[] }>("GET", `/v1/programs/${encodeURIComponent(program)}/decisions?limit=1000`);
      const latest = decisions.slice(-limit);
      emit(out, latest, () => {
        if (latest.length === 0) return `no decisions yet for ${program}`;
        if (!opts.verbose) return table(["WHEN", "ACTION", "BY", "SUMMARY"], latest.map((d) => [shortTime(d.at), d.action, d.actor, d.summary]));
        return latest
          .map((d) => {
            const head = table(["WHEN", "ACTION", "BY", "SUMMARY"], [[shortTime(d.at), d.action, d.actor, d.summary]]).split("\n")[1]!;
            const lines = Object.entries(d.conditions).flatMap(([v, rs]) => rs.map((r) => `      ${v} ${r.verdict.padEnd(12)} ${r.label}${r.segment && r.segment !== "all" ? ` [${r.segment}]` : ""}: ${r.reason}`));
            return [head, ...lines].join("\n");
          })
          .join("\n");
      });
    });

  cli
    .command("status")
    .description("every program: champion, running rollout with progress, what it waits for, latest decision")
    .action(async (_opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const s = await api.request<Status>("GET", "/v1/status");
      emit(out, s, () => {
        const lines = s.globalFreeze ? ["PROMOTIONS FROZEN GLOBALLY", ""] : [];
        lines.push(
          table(
            ["PROGRAM", "CHAMPION", "ROLLOUT", "STEP", "PROGRESS", "WAITING FOR / LAST DECISION"],
            s.programs.map((p) => {
              const r = p.rollout;
              const live = r && !["promoted", "rolled_back", "aborted", "not_promoted"].includes(r.status);
              return [
                `${p.program}${p.frozen ? " (frozen)" : ""}`,
                p.champion === null ? null : `v${p.champion}`,
                r ? `${r.status}${r.paused ? " (paused)" : ""} v${r.challengers.map((c) => c.version).join(",v")}` : null,
                r && live ? (r.status === "burn_in" ? r.stepLabel : `${r.step}/${r.steps} ${r.stepLabel}`) : null,
                r && live && (r.status === "running" || r.status === "burn_in") ? progressBar(r.stepStartedAt, r.stepDurationMs) : null,
                live && r?.hold ? r.hold : (p.lastDecision?.summary ?? null),
              ];
            }),
          ),
        );
        return lines.join("\n");
      });
    });

  const freeze = (name: "freeze" | "unfreeze") =>
    cli
      .command(name)
      .description(name === "freeze" ? "hold every promotion and ramp (rollbacks still happen), globally or for one program" : "lift a freeze")
      .option("-p, --program <name>", "only this program (default: global)")
      .option("-r, --reason <text>", "why (required to freeze)")
      .action(async (opts: { program?: string; reason?: string }, command: Command) => {
        const { api, out } = commandContext(command);
        if (name === "freeze") {
          if (!opts.reason) throw new CliError("say why: --reason 'incident INC-123'", EXIT.usage);
          const f = await api.request("POST", "/v1/freeze", { program: opts.program ?? null, reason: opts.reason });
          emit(out, f, () => `frozen ${opts.program ?? "globally"}: nothing is promoted or ramped until \`arena unfreeze${opts.program ? ` --program ${opts.program}` : ""}\``);
        } else {
          await api.request("DELETE", `/v1/freeze${opts.program ? `?program=${encodeURIComponent(opts.program)}` : ""}`);
          emit(out, { unfrozen: opts.program ?? "global" }, () => `unfrozen ${opts.program ?? "globally"}`);
        }
      });
  freeze("freeze");
  freeze("unfreeze");
}
