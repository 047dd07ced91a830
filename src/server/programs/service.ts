import { randomBytes } from "node:crypto";
import { championOnlyPlan, type TrafficPlan } from "../../core/assignment/traffic-plan.js";
import type { AliasState, Program } from "../../core/registry/types.js";
import type { CreateProgramBody } from "../../contracts/programs.js";
import { appendAudit } from "../audit/append.js";
import type { Actor, ServiceContext } from "../context.js";
import { ConflictError, NotFoundError } from "../errors.js";
import type { Repos } from "../store/store.js";

export interface ProgramDetail extends Program {
  aliases: AliasState[];
  traffic: TrafficPlan;
  latestVersion: number | null;
}

/** Loads a program inside a unit of work or fails with 404 naming it. */
export async function requireProgram(repos: Repos, name: string): Promise<Program> {
  const program = await repos.programs.get(name);
  if (!program) throw new NotFoundError(`program "${name}" does not exist (list them with: arena program list)`);
  return program;
}

export class ProgramService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(input: CreateProgramBody, actor: Actor): Promise<ProgramDetail> {
    const now = this.ctx.now();
    const program: Program = {
      name: input.name,
      description: input.description,
      owners: input.owners,
      seed: input.seed ?? `${input.name}.${randomBytes(6).toString("hex")}`,
      createdAt: now.toISOString(),
      createdBy: actor.name,
    };
    const detail = await this.ctx.store.tx(async (repos) => {
      if (!(await repos.programs.insert(program))) throw new ConflictError(`program "${input.name}" already exists`, "already_exists");
      const traffic = championOnlyPlan(program.seed);
      await repos.traffic.put(program.name, traffic);
      await repos.serving.bump();
      await appendAudit(repos, now, actor, {
        action: "program.create",
        program: program.name,
        target: program.name,
        before: null,
        after: program,
      });
      return { ...program, aliases: [], traffic, latestVersion: null };
    });
    this.ctx.servingChanged();
    return detail;
  }

  async get(name: string): Promise<ProgramDetail> {
    return this.ctx.store.tx(async (repos) => detailOf(repos, await requireProgram(repos, name)));
  }

  async list(): Promise<ProgramDetail[]> {
    return this.ctx.store.tx(async (repos) => {
      const programs = await repos.programs.list();
      return Promise.all(programs.map((p) => detailOf(repos, p)));
    });
  }
}

async function detailOf(repos: Repos, program: Program): Promise<ProgramDetail> {
  return {
    ...program,
    aliases: await repos.aliases.list(program.name),
    traffic: (await repos.traffic.get(program.name)) ?? championOnlyPlan(program.seed),
    latestVersion: await repos.candidates.latestVersion(program.name),
  };
}
