import type { Command } from "commander";
import type { TrafficPlan } from "../../contracts/traffic.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { collect, emit, table } from "../output.js";

/** "challenger=5%" or "challenger=0.05" → ["challenger", 0.05]. */
export function parseShare(text: string, flag: string): [string, number] {
  const match = /^([a-z][a-z0-9._-]*)=(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!match) throw new CliError(`${flag} "${text}" must look like challenger=5% or challenger=0.05`, EXIT.usage);
  const value = Number(match[2]) / (match[3] ? 100 : 1);
  if (value > 1 && !match[3] && Number(match[2]) <= 100) {
    throw new CliError(`${flag} "${text}": a bare number is a fraction (0.1 = 10%); did you mean ${match[1]}=${match[2]}%?`, EXIT.usage);
  }
  if (value > 1) throw new CliError(`${flag} "${text}": a share cannot exceed 100%`, EXIT.usage);
  return [match[1]!, value];
}

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;

/** The split as people read it: each arm's share, the champion's remainder, shadows and overrides. */
export function renderPlan(program: string, plan: TrafficPlan): string {
  const champion = 1 - plan.arms.reduce((sum, a) => sum + a.weight, 0);
  const rows: Array<[string, string, string]> = [
    ["champion", pct(champion), "-"],
    ...plan.arms.map((a): [string, string, string] => [a.alias, pct(a.weight), String(a.slot)]),
  ];
  const lines = [
    `traffic of ${program} (${plan.slots} challenger slot${plan.slots === 1 ? "" : "s"})`,
    table(["ALIAS", "SHARE", "SLOT"], rows),
  ];
  if (plan.shadow.length > 0)
    lines.push(
      "",
      table(
        ["SHADOW", "SAMPLE"],
        plan.shadow.map((s) => [s.alias, pct(s.sample)]),
      ),
    );
  const overrides = Object.entries(plan.overrides);
  if (overrides.length > 0) lines.push("", table(["OVERRIDE UNIT", "ALIAS"], overrides));
  return lines.join("\n");
}

export function registerTraffic(cli: Command): void {
  const traffic = cli.command("traffic").description("read and set a program's traffic split");

  traffic.command("get <program>").action(async (program: string, _opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    const plan = await api.request<TrafficPlan>("GET", `/v1/programs/${encodeURIComponent(program)}/traffic`);
    emit(out, plan, () => renderPlan(program, plan));
  });

  traffic
    .command("set <program>")
    .description("split traffic: champion gets what the arms leave (ramping an arm up only adds units to it)")
    .option("--arm <alias=share>", "a challenger arm, e.g. challenger=5% (repeatable; each keeps its slot)", collect, [] as string[])
    .option(
      "--shadow <alias=share>",
      "invoke an alias in the champion's shadow for this share of units (repeatable)",
      collect,
      [] as string[],
    )
    .option("--override <unit=alias>", "pin a unit to an alias for debugging (repeatable)", collect, [] as string[])
    .option("--slots <n>", "number of challenger slots (fixed for a rollout; an arm's share is at most 1/slots)")
    .requiredOption("-r, --reason <text>", "why")
    .action(
      async (
        program: string,
        opts: { arm: string[]; shadow: string[]; override: string[]; slots?: string; reason: string },
        command: Command,
      ) => {
        const { api, out } = commandContext(command);
        const current = await api.request<TrafficPlan>("GET", `/v1/programs/${encodeURIComponent(program)}/traffic`);
        const arms = opts.arm.map((text) => parseShare(text, "--arm"));
        const slots = opts.slots ? Number(opts.slots) : Math.max(current.slots, arms.length, 1);
        // An alias keeps the slot it had, so a ramp never reshuffles units.
        const taken = new Set<number>();
        const placed = arms.map(([alias, weight]) => {
          const previous = current.arms.find((a) => a.alias === alias);
          const slot = previous && previous.slot < slots ? previous.slot : -1;
          if (slot >= 0) taken.add(slot);
          return { alias, weight, slot };
        });
        for (const arm of placed) {
          if (arm.slot >= 0) continue;
          let free = 0;
          while (taken.has(free)) free++;
          arm.slot = free;
          taken.add(free);
        }
        const overrides = Object.fromEntries(
          opts.override.map((text) => {
            const i = text.lastIndexOf("=");
            if (i < 1) throw new CliError(`--override "${text}" must look like user-42=challenger`, EXIT.usage);
            return [text.slice(0, i), text.slice(i + 1)];
          }),
        );
        const body = {
          slots,
          arms: placed,
          shadow: opts.shadow.map((t) => parseShare(t, "--shadow")).map(([alias, sample]) => ({ alias, sample })),
          overrides,
          reason: opts.reason,
        };
        const plan = await api.request<TrafficPlan>("PUT", `/v1/programs/${encodeURIComponent(program)}/traffic`, body);
        emit(
          out,
          plan,
          () => `traffic of ${program}: ${plan.arms.map((a) => `${a.alias} ${pct(a.weight)}`).join(", ") || "champion 100 %"}`,
        );
      },
    );
}
