/**
 * docs/backtest.md's example, run as printed: the synthetic recording from
 * scripts/make-backtest-history.ts through `arena backtest` with the example policy must print
 * exactly the report the page shows; and the progress goes to stderr, never into the report.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

describe("docs/backtest.md's example", () => {
  it("prints the report the page shows, with its progress on stderr", () => {
    const doc = readFileSync(join(root, "docs/backtest.md"), "utf8");
    const example = doc.slice(doc.indexOf("## Example"));
    const blocks = example.split("```").filter((_, i) => i % 2 === 1);
    const commands = blocks[0]!.split("\n").slice(1).filter(Boolean);
    expect(commands[0]).toBe("npx tsx scripts/make-backtest-history.ts > /tmp/history.jsonl");
    expect(commands[1]).toBe("bin/arena backtest --policy examples/backtest/policy.yaml --telemetry /tmp/history.jsonl");
    const expected = blocks[1]!.replace(/^\n/, "").trimEnd();

    const history = join(mkdtempSync(join(tmpdir(), "arena-backtest-docs-")), "history.jsonl");
    writeFileSync(
      history,
      execFileSync(process.execPath, ["--import", "tsx", join(root, "scripts/make-backtest-history.ts")], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      }),
    );
    const run = spawnSync(
      process.execPath,
      [join(root, "dist/src/cli/main.js"), "backtest", "--policy", "examples/backtest/policy.yaml", "--telemetry", history],
      { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trimEnd()).toBe(expected);
    // Not a terminal: a plain line per tenth of the simulated span, ending at 100 %.
    const lines = run.stderr.split("\n").filter((l) => l.startsWith("backtest: "));
    expect(lines.map((l) => /^backtest: (\d+) %/.exec(l)?.[1])).toEqual(["0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
    const quiet = spawnSync(
      process.execPath,
      [
        join(root, "dist/src/cli/main.js"),
        "backtest",
        "--no-progress",
        "--policy",
        "examples/backtest/policy.yaml",
        "--telemetry",
        history,
      ],
      { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 },
    );
    expect(quiet.stderr).toBe("");
  });
});
