import { createHash } from "node:crypto";
import type { Snapshot } from "../../core/assignment/snapshot.js";
import { CompiledSnapshot, resolveIn } from "../../sdk/compiled-snapshot.js";
import { evaluationOf, targetingKeyProblem, type FlagEvaluation } from "../../sdk/flag-evaluation.js";
import { parseFlagKey, type FlagView } from "../../sdk/flag-views.js";
import type { OfrepFlag } from "./shapes.js";

/** Every flag key a program answers to in a bulk evaluation: its bare name (artifact view), :version and :config. */
const BULK_VIEWS: readonly [string, FlagView | null][] = [
  ["", null],
  [":version", "version"],
  [":config", "config"],
];

/** The flag evaluation of one key as OFREP sends it (in a bulk response, or as a single answer's body). */
export function ofrepFlag(key: string, evaluation: FlagEvaluation): OfrepFlag {
  const metadata = evaluation.metadata;
  if (evaluation.errorCode !== undefined)
    return {
      key,
      errorCode: evaluation.errorCode,
      ...(evaluation.errorMessage ? { errorDetails: evaluation.errorMessage } : {}),
      metadata,
    };
  const reason = evaluation.reason === "ERROR" ? "UNKNOWN" : evaluation.reason;
  return {
    key,
    ...(evaluation.value === undefined ? {} : { value: evaluation.value }),
    reason,
    ...(evaluation.variant ? { variant: evaluation.variant } : {}),
    metadata,
  };
}

/**
 * Evaluates OFREP requests with the SDK's own compiled snapshot and assignment, so an OFREP
 * client gets exactly the answer the SDK computes. Recompiles once per serving revision.
 */
export class OfrepEvaluator {
  private compiled: CompiledSnapshot | null = null;

  constructor(private readonly snapshot: () => Promise<Snapshot>) {}

  async single(key: string, targetingKey: unknown): Promise<{ status: number; body: OfrepFlag }> {
    const parsed = parseFlagKey(key);
    if (parsed === null)
      return {
        status: 404,
        body: {
          key,
          errorCode: "FLAG_NOT_FOUND",
          errorDetails: `"${key}" names no program (a program name, optionally followed by :version or :config)`,
        },
      };
    const problem = targetingKeyProblem(targetingKey);
    if (problem !== null) return { status: 400, body: ofrepFlag(key, problem) };
    const compiled = await this.current();
    const evaluation = evaluationOf(resolveIn(compiled, parsed.program, targetingKey as string), parsed.view, null);
    const status = evaluation.errorCode === undefined ? 200 : evaluation.errorCode === "FLAG_NOT_FOUND" ? 404 : 400;
    return { status, body: ofrepFlag(key, evaluation) };
  }

  /** Every program under every view, for one unit; the revision makes the ETag. */
  async bulk(targetingKey: string): Promise<{ revision: number; flags: OfrepFlag[] }> {
    const compiled = await this.current();
    const flags: OfrepFlag[] = [];
    for (const program of Object.keys(compiled.snapshot.programs).sort()) {
      const served = resolveIn(compiled, program, targetingKey);
      for (const [suffix, view] of BULK_VIEWS) flags.push(ofrepFlag(program + suffix, evaluationOf(served, view, null)));
    }
    return { revision: compiled.revision, flags };
  }

  private async current(): Promise<CompiledSnapshot> {
    const snapshot = await this.snapshot();
    if (this.compiled === null || this.compiled.revision !== snapshot.revision) this.compiled = new CompiledSnapshot(snapshot);
    return this.compiled;
  }
}

/** The ETag of a bulk answer: it changes with the serving revision and with the unit (answers differ per unit). */
export function bulkEtag(revision: number, targetingKey: string): string {
  return `"ofrep-${revision}-${createHash("sha256").update(targetingKey).digest("hex").slice(0, 16)}"`;
}

/** Whether an If-None-Match header names this ETag (a list, weak or not, or "*"). */
export function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(",") : header).split(",").map((t) => t.trim().replace(/^W\//, ""));
  return tags.includes(etag) || tags.includes("*");
}
