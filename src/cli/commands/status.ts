import type { Command } from "commander";
import { isTerminal } from "../../core/rollout/types.js";
import type { StatusReport } from "../../contracts/rollouts.js";
import { commandContext } from "../context.js";
import { emit, table } from "../output.js";

/** A bar for step progress: [#####.....] 50 %. */
export function progressBar(startedAt: string, durationMs: number, now = Date.now()): string {
  const f = durationMs > 0 ? Math.min(1, Math.max(0, (now - Date.parse(startedAt)) / durationMs)) : 1;
  const filled = Math.round(f * 10);
  return `[${"#".repeat(filled)}${".".repeat(10 - filled)}] ${Math.round(f * 100)} %`;
}

export function registerStatus(cli: Command): void {
  cli
    .command("status")
    .description("every program: champion, running rollout with progress, what it waits for, latest decision")
    .action(async (_opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const s = await api.request<StatusReport>("GET", "/v1/status");
      emit(out, s, () => {
        const lines = s.globalFreeze ? ["PROMOTIONS FROZEN GLOBALLY", ""] : [];
        lines.push(
          table(
            ["PROGRAM", "CHAMPION", "ROLLOUT", "STEP", "PROGRESS", "WAITING FOR / LAST DECISION"],
            s.programs.map((p) => {
              const r = p.rollout;
              const live = r && !isTerminal(r.status);
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
}
