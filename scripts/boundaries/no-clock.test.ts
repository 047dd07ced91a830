import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The repository's own eslint.config.js, applied to code as if it lived at the given path.
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, "../..") });
const CLOCK_RULES = new Set(["no-restricted-syntax", "no-restricted-globals"]);

async function clockFindings(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && CLOCK_RULES.has(m.ruleId)).map((m) => m.message);
}

const READS_THE_WORLD: [string, string][] = [
  ["Date.now()", "export const at = (): number => Date.now();\n"],
  ["new Date()", "export const at = (): Date => new Date();\n"],
  ["Date()", "export const at = (): string => Date();\n"],
  ["performance.now()", "export const at = (): number => performance.now();\n"],
  ["setTimeout", "export const later = (f: () => void): unknown => setTimeout(f, 10);\n"],
  ["setInterval", "export const every = (f: () => void): unknown => setInterval(f, 10);\n"],
  ["process.env", "export const env = (): unknown => process.env.HOME;\n"],
  ["process.hrtime", "export const at = (): unknown => process.hrtime.bigint();\n"],
  ["globalThis.setTimeout", "export const later = (f: () => void): unknown => globalThis.setTimeout(f, 10);\n"],
  ["Math.random()", "export const pick = (): number => Math.random();\n"],
];

describe("no clock in core (eslint, scoped to src/core)", () => {
  it.each(READS_THE_WORLD)("refuses %s in src/core", async (_name, code) => {
    expect(await clockFindings(code, "src/core/rollout/example.ts")).not.toEqual([]);
  });

  it.each(READS_THE_WORLD)("allows %s in a shell and in core's tests", async (_name, code) => {
    expect(await clockFindings(code, "src/server/rollouts/example.ts")).toEqual([]);
    expect(await clockFindings(code, "src/core/rollout/example.test.ts")).toEqual([]);
    expect(await clockFindings(code, "src/core/rollout/testing/example.ts")).toEqual([]);
  });

  it("allows time passed in: new Date(ms), Date.parse, getTime", async () => {
    const code =
      'export const next = (now: Date, ms: number): string => new Date(now.getTime() + ms + Date.parse("2026-01-01")).toISOString();\n';
    expect(await clockFindings(code, "src/core/rollout/example.ts")).toEqual([]);
  });
});
