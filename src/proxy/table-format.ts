/**
 * The routing table pushed into the proxy (PUT /arena/table), as plain text lines the
 * Lua side parses without a JSON library:
 *
 *   arena-table 1
 *   rev <snapshot revision>
 *   program <name>
 *   seed <hex of the seed's UTF-8 bytes>
 *   target <id> <alias> <version> <ip> <port>
 *   champion <target id>
 *   arm <start> <end> <target id>          bucket range [start, end), from compilePlan
 *   shadow <threshold> <target id>         secondaryDraw(bucket) < threshold
 *   override <hex of the unit id> <target id>
 *   end
 *
 * Ranges and thresholds come from src/core/assignment's compilePlan, so the proxy
 * only hashes and compares integers: one algorithm, two runtimes.
 */
import { compilePlan } from "../core/assignment/assign.js";
import { CHAMPION, CURRENT_HASH_VERSION, planProblems, type TrafficPlan } from "../core/assignment/traffic-plan.js";

export interface Upstream {
  ip: string;
  port: number;
}

export interface RouteTarget extends Upstream {
  alias: string;
  version: number;
}

export interface TableInput {
  revision: number;
  program: string;
  plan: TrafficPlan;
  /** Where each alias is served; an alias missing here is served by the champion (as the SDK's ALIAS_MISSING). */
  targets: ReadonlyMap<string, RouteTarget>;
}

export interface CompiledTable {
  text: string;
  /** Why the table serves less than the plan asks (invalid plan, aliases without an upstream). */
  warnings: string[];
}

const utf8 = new TextEncoder();

/** Hex of the UTF-8 bytes of `text` (lone surrogates become U+FFFD, as TextEncoder does). */
export function hexOf(text: string): string {
  return Buffer.from(utf8.encode(text)).toString("hex");
}

const NAME = /^[A-Za-z0-9._@-]{1,100}$/;

/** Compiles one program's plan and alias targets into the proxy's table text. */
export function compileTable(input: TableInput): CompiledTable {
  const warnings: string[] = [];
  const lines = ["arena-table 1", `rev ${Math.trunc(input.revision)}`, `program ${input.program}`];
  const ids = new Map<string, string>();
  const idOf = (alias: string): string | null => {
    const known = ids.get(alias);
    if (known !== undefined) return known;
    const target = input.targets.get(alias);
    if (target === undefined || !NAME.test(alias)) return null;
    const id = `t${ids.size}`;
    ids.set(alias, id);
    lines.push(`target ${id} ${alias} ${Math.trunc(target.version)} ${target.ip} ${Math.trunc(target.port)}`);
    return id;
  };
  const champion = idOf(CHAMPION);
  if (champion === null) warnings.push("the champion has no upstream: the proxy answers 503 until it has one");
  else lines.push(`champion ${champion}`);
  const problems = input.plan.hashVersion === CURRENT_HASH_VERSION ? planProblems(input.plan) : [{ path: "hashVersion", message: `unsupported hash version ${input.plan.hashVersion}` }];
  if (problems.length > 0) {
    warnings.push(`the traffic plan is invalid (${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}): the champion serves every unit`);
    lines.push("end");
    return { text: `${lines.join("\n")}\n`, warnings };
  }
  lines.push(`seed ${hexOf(input.plan.seed)}`);
  const compiled = compilePlan(input.plan);
  compiled.aliases.forEach((alias, i) => {
    const id = idOf(alias) ?? champion;
    if (id !== champion || alias === CHAMPION) {
      lines.push(`arm ${compiled.starts[i]} ${compiled.ends[i]} ${id}`);
    } else {
      warnings.push(`@${alias} has no upstream: its units are served by the champion`);
      if (champion !== null) lines.push(`arm ${compiled.starts[i]} ${compiled.ends[i]} ${champion}`);
    }
  });
  compiled.shadowAliases.forEach((alias, i) => {
    const id = idOf(alias);
    if (id === null) warnings.push(`shadow @${alias} has no upstream: no shadow copies are sent to it`);
    else lines.push(`shadow ${compiled.shadowThresholds[i]} ${id}`);
  });
  for (const [unit, alias] of Object.entries(input.plan.overrides)) {
    const id = idOf(alias) ?? champion;
    if (id !== null) lines.push(`override ${hexOf(unit)} ${id}`);
  }
  lines.push("end");
  return { text: `${lines.join("\n")}\n`, warnings };
}
