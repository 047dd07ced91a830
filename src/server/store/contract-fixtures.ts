/** Rows the store contract suites insert: a program and a candidate of it. */
import type { Candidate, Program } from "../../core/registry/types.js";

export const program = (name: string): Program => ({
  name,
  description: "",
  owners: ["a"],
  seed: `${name}.seed`,
  createdAt: "2026-11-01T00:00:00.000Z",
  createdBy: "t",
});
export const candidate = (p: string, version: number): Candidate => ({
  program: p,
  version,
  description: "",
  artifactUri: `s3://m/${version}`,
  config: { threshold: version / 10 },
  provenance: { codeCommit: "c", lockfileHash: null, dataFingerprint: "d", createdBy: "t", createdAt: "2026-11-01T00:00:00.000Z" },
  metrics: { f1: 0.3 },
  checks: [{ name: "scan", passed: true, url: "https://x/y", details: null }],
  tags: ["nightly"],
  status: "registered",
  statusReason: null,
  statusChangedAt: null,
  externalRef: version === 1 ? `mlflow:${p}/1` : null,
});
