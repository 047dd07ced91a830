/**
 * The README's five-minute tour, run as printed: every `$ arena …` line of the tour's blocks runs
 * against a fresh real server, and its output must equal the README's, up to what differs on
 * every run (times, hashes, token secrets and ids). When the README and the CLI drift apart, this fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const cliPath = join(root, "dist/src/cli/main.js");

/** The tour's commands with the output the README prints for each. */
function tourSteps(readme: string): Array<{ command: string; expected: string }> {
  const tour = readme.slice(readme.indexOf("## A five-minute tour"), readme.indexOf("\n## ", readme.indexOf("## A five-minute tour") + 5));
  const steps: Array<{ command: string; expected: string }> = [];
  for (const block of tour.split("```").filter((_, i) => i % 2 === 1)) {
    let current: { command: string; lines: string[] } | null = null;
    for (const line of block.split("\n").slice(1)) {
      if (line.startsWith("$ arena ")) {
        if (current) steps.push({ command: current.command, expected: current.lines.join("\n").trim() });
        current = { command: line.slice(2), lines: [] };
      } else if (current) current.lines.push(line);
    }
    if (current) steps.push({ command: current.command, expected: current.lines.join("\n").trim() });
  }
  return steps;
}

/** Splits a command line as sh would for the README's simple quoting ("…" and bare words). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** What differs on every run: times, hashes, secrets, ids. Column padding follows widths, so runs of spaces count as one. */
function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/arena_[A-Za-z0-9_-]{20,}/g, "<token>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
    .replace(/\b[0-9a-f]{12,64}\b/g, "<hash>")
    .replace(/[ \t]+/g, " ")
    .trim();
}

describe("the README's tour, as printed", () => {
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-readme-"));
    let output = "";
    server = spawn(process.execPath, [cliPath, "server", "--port", "0", "--data-dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    server.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    for (;;) {
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const token = /export ARENA_TOKEN=(\S+)/.exec(output)?.[1];
      if (url && token) {
        env = { ...process.env, ARENA_URL: url, ARENA_TOKEN: token, ARENA_CONFIG: join(dir, "config.json") };
        break;
      }
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it("every `$ arena` line prints what the README shows", () => {
    const steps = tourSteps(readFileSync(join(root, "README.md"), "utf8"));
    expect(steps.length).toBeGreaterThan(15);
    const arena = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: root, env, encoding: "utf8" });
    for (const step of steps) {
      let args = words(step.command).slice(1);
      const at = args.indexOf("--at");
      if (at >= 0) {
        // "Which version was champion at time T": T between the second and third move of this run.
        const history = JSON.parse(arena(["--json", "alias", "history", args[0 + 2]!, args[3]!]).stdout) as Array<{ at: string }>;
        const t = new Date((Date.parse(history[1]!.at) + Date.parse(history[2]!.at)) / 2).toISOString();
        args = [...args.slice(0, at + 1), t, ...args.slice(at + 2)];
      }
      const res = arena(args);
      expect(res.status, `${step.command}\n${res.stderr}`).toBe(0);
      expect(normalise(res.stdout), step.command).toBe(normalise(step.expected));
    }
  });
});
