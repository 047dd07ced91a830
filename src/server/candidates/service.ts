import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import type { RegisterCandidateBody } from "../../contracts/candidates.js";
import { appendAudit } from "../audit/append.js";
import type { Actor, ServiceContext } from "../context.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import type { Repos } from "../store/store.js";

export async function requireCandidate(repos: Repos, program: string, version: number): Promise<Candidate> {
  const candidate = await repos.candidates.get(program, version);
  if (!candidate) throw new NotFoundError(`version ${version} of program "${program}" does not exist`);
  return candidate;
}

export class CandidateService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Registers an immutable version; its number is the program's next and is never reused. */
  async register(programName: string, input: RegisterCandidateBody, actor: Actor): Promise<Candidate> {
    const now = this.ctx.now().toISOString();
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, programName);
      const version = await repos.programs.allocateVersion(programName);
      const candidate: Candidate = {
        program: programName,
        version,
        description: input.description,
        artifactUri: input.artifactUri,
        config: input.config ?? null,
        provenance: { ...input.provenance, createdBy: actor.name, createdAt: now },
        metrics: input.metrics,
        checks: input.checks,
        tags: input.tags,
        status: "registered",
        statusReason: null,
        statusChangedAt: null,
      };
      await repos.candidates.insert(candidate);
      await appendAudit(repos, new Date(now), actor, {
        action: "candidate.register",
        program: programName,
        target: `${programName}/v${version}`,
        before: null,
        after: candidate,
      });
      return candidate;
    });
  }

  async get(program: string, version: number): Promise<Candidate> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      return requireCandidate(repos, program, version);
    });
  }

  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      return repos.candidates.list(program, status);
    });
  }

  /** Retires a version for good. A version an alias points at must be moved off first. */
  async retire(program: string, version: number, reason: string, actor: Actor): Promise<Candidate> {
    const now = this.ctx.now();
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, program);
      const candidate = await requireCandidate(repos, program, version);
      if (candidate.status === "retired") return candidate;
      const holders = (await repos.aliases.list(program)).filter((a) => a.version === version).map((a) => `@${a.alias}`);
      if (holders.length > 0) {
        throw new ConflictError(`version ${version} is still served by ${holders.join(", ")}; move those aliases first`, "version_in_use");
      }
      await repos.candidates.setStatus(program, version, "retired", reason, now.toISOString());
      const after = await requireCandidate(repos, program, version);
      await appendAudit(repos, now, actor, {
        action: "candidate.retire",
        program,
        target: `${program}/v${version}`,
        before: { status: candidate.status },
        after: { status: after.status, reason },
      });
      return after;
    });
  }
}
