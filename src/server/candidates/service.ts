import { evaluateCandidate } from "../../core/rollout/evaluate.js";
import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import type { RegisterCandidateBody } from "../../contracts/candidates.js";
import { appendAudit } from "../audit/append.js";
import { canonicalJson } from "../audit/chain.js";
import type { Actor, ServiceContext } from "../context.js";
import { AppError, ConflictError, NotFoundError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import type { Repos } from "../store/store.js";

export async function requireCandidate(repos: Repos, program: string, version: number): Promise<Candidate> {
  const candidate = await repos.candidates.get(program, version);
  if (!candidate) throw new NotFoundError(`version ${version} of program "${program}" does not exist`);
  return candidate;
}

/** The registry gate refused a candidate: it never enters the registry; the reasons are kept as a decision record. */
export class RegistryGateError extends AppError {
  constructor(message: string, details: Array<{ path: string; message: string }>) {
    super(422, "registry_gate_failed", message, details);
  }
}

/** The registered version when the request describes it (same artifact, config, metrics, checks, provenance); else 409. */
function sameCandidate(existing: Candidate, input: RegisterCandidateBody): Candidate {
  const asked = {
    artifactUri: input.artifactUri,
    config: input.config ?? null,
    metrics: input.metrics,
    checks: input.checks.map((c) => ({ name: c.name, passed: c.passed, url: c.url ?? null, details: c.details ?? null })),
    provenance: input.provenance,
  };
  const have = {
    artifactUri: existing.artifactUri,
    config: existing.config,
    metrics: existing.metrics,
    checks: existing.checks,
    provenance: {
      codeCommit: existing.provenance.codeCommit,
      lockfileHash: existing.provenance.lockfileHash,
      dataFingerprint: existing.provenance.dataFingerprint,
    },
  };
  const differs = (Object.keys(asked) as Array<keyof typeof asked>).filter((k) => canonicalJson(asked[k]) !== canonicalJson(have[k]));
  if (differs.length > 0) {
    throw new ConflictError(
      `externalRef "${existing.externalRef}" is v${existing.version} of "${existing.program}" already, with another ${differs.join(", ")}; versions are immutable: register under a new externalRef`,
      "external_ref_taken",
    );
  }
  return existing;
}

export class CandidateService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Registers an immutable version; its number is the program's next and is never reused. */
  async register(programName: string, input: RegisterCandidateBody, actor: Actor): Promise<Candidate> {
    return (await this.registerOrFind(programName, input, actor)).candidate;
  }

  /**
   * Registers a version, or with an `externalRef` already registered, answers that version
   * (`created: false`) when the request describes it, and 409 `external_ref_taken` when it does not.
   */
  async registerOrFind(
    programName: string,
    input: RegisterCandidateBody,
    actor: Actor,
  ): Promise<{ candidate: Candidate; created: boolean }> {
    if (input.externalRef) {
      const existing = await this.ctx.store.tx(async (repos) => {
        await requireProgram(repos, programName);
        return repos.candidates.findByExternalRef(programName, input.externalRef!);
      });
      if (existing) return { candidate: sameCandidate(existing, input), created: false };
    }
    const now = this.ctx.now().toISOString();
    const refusal = await this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, programName);
      const policy = await repos.policies.get(programName);
      const conditions = policy?.document.gates.registry ?? [];
      if (conditions.length === 0) return null;
      const { results, summary } = evaluateCandidate(policy!.document, ["registry"], { metrics: input.metrics, checks: input.checks });
      if (summary.outcome === "pass") return null;
      const text = `registry gate refused the candidate (${input.artifactUri ?? "inline config"}): ${summary.reason}`;
      await repos.decisions.append({
        program: programName,
        rolloutId: null,
        at: now,
        actor: actor.name,
        action: "registry_rejected",
        fromStatus: null,
        toStatus: null,
        summary: text,
        severity: "ticket",
        conditions: { candidate: results },
        inputs: {
          artifactUri: input.artifactUri,
          metrics: input.metrics,
          checks: input.checks,
          provenance: input.provenance,
          policyRevision: policy!.revision,
        },
      });
      await appendAudit(repos, new Date(now), actor, {
        action: "candidate.rejected",
        program: programName,
        target: `${programName}/registry-gate`,
        before: null,
        after: { summary: text, results },
      });
      return { text, results };
    });
    if (refusal) {
      throw new RegistryGateError(
        refusal.text,
        refusal.results
          .filter((r) => r.required && r.verdict !== "pass")
          .map((r) => ({ path: r.metric ? `body.metrics.${r.metric}` : `body.checks`, message: `${r.label}: ${r.verdict} (${r.reason})` })),
      );
    }
    return this.ctx.store.tx(async (repos) => {
      await requireProgram(repos, programName);
      // Checked again in the unit of work that inserts: two importers racing on one reference register it once.
      const raced = input.externalRef ? await repos.candidates.findByExternalRef(programName, input.externalRef) : null;
      if (raced) return { candidate: sameCandidate(raced, input), created: false };
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
        externalRef: input.externalRef ?? null,
      };
      await repos.candidates.insert(candidate);
      await appendAudit(repos, new Date(now), actor, {
        action: "candidate.register",
        program: programName,
        target: `${programName}/v${version}`,
        before: null,
        after: candidate,
      });
      return { candidate, created: true };
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
