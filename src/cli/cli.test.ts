import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { MANIFEST } from "./command-manifest.js";
import { bashScript, fishScript, zshScript } from "./completion-scripts.js";
import { EXAMPLES, commandPath } from "./examples.js";
import { buildCli, buildFullCli, commandWord } from "./program.js";
import { parseShare } from "./commands/traffic.js";

const leaves = (c: Command): Command[] => (c.commands.length === 0 ? [c] : c.commands.flatMap(leaves));

describe("the command manifest", () => {
  it("lists exactly the top-level commands the modules define, with their help lines", async () => {
    const full = await buildFullCli();
    const help = full.createHelp();
    const defined = full.commands.map((c) => ({
      name: c.name(),
      usage: help.subcommandTerm(c).slice(c.name().length).trim(),
      description: c.description(),
    }));
    const listed = MANIFEST.flatMap((e) => e.commands);
    expect(listed.sort((a, b) => a.name.localeCompare(b.name))).toEqual(defined.sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("loads only the named command's module", async () => {
    const cli = await buildCli(["--json", "alias", "set", "p", "champion", "2"]);
    expect(cli.commands.map((c) => c.name())).toEqual(["alias"]);
    expect(cli.commands[0]!.commands.map((c) => c.name())).toContain("set");
  });

  it("shows every command in help without loading one", async () => {
    const cli = await buildCli(["--help"]);
    const text = cli.helpInformation();
    for (const c of MANIFEST.flatMap((e) => e.commands)) expect(text).toContain(`${c.name} ${c.usage}`.trim());
    expect(cli.commands.every((c) => c.commands.length === 0)).toBe(true);
  });

  it("finds the command word after global options and in `help X`", () => {
    expect(commandWord(["--url", "http://x:1", "--token", "t", "status"])).toBe("status");
    expect(commandWord(["--json", "help", "alias"])).toBe("alias");
    expect(commandWord(["--context", "prod", "decisions", "ranker"])).toBe("decisions");
    expect(commandWord(["--help"])).toBeUndefined();
  });
});

describe("examples in help", () => {
  it("every command people run has examples that call it", async () => {
    const full = await buildFullCli();
    for (const leaf of leaves(full)) {
      const path = commandPath(leaf);
      const examples = EXAMPLES[path];
      expect(examples, `examples for "arena ${path}"`).toBeDefined();
      for (const e of examples!)
        expect(
          e.startsWith(`arena ${path}`) || e.includes(` arena ${path}`) || e.includes(`arena --context`) || e.startsWith(`ARENA_`),
          e,
        ).toBe(true);
    }
    // No example for a command that does not exist.
    const paths = new Set<string>();
    const visit = (c: Command) => c.commands.forEach((s) => (paths.add(commandPath(s)), visit(s)));
    visit(full);
    for (const key of Object.keys(EXAMPLES)) expect(paths.has(key), `EXAMPLES["${key}"] names a command`).toBe(true);
  });

  it("prints them at the end of the command's help", async () => {
    const cli = await buildCli(["traffic", "set", "--help"]);
    const set = cli.commands[0]!.commands.find((c) => c.name() === "set")!;
    let text = "";
    set.configureOutput({ writeOut: (s) => (text += s) });
    set.outputHelp();
    expect(text).toMatch(/Examples:\n {2}\$ arena traffic set fraud-detector --arm challenger=10%/);
  });
});

describe("shell completion", () => {
  const complete = (script: string, words: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "arena-completion-"));
    writeFileSync(join(dir, "arena.bash"), script);
    const line = `source ${join(dir, "arena.bash")}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _arena; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const res = spawnSync("bash", ["-c", line], { encoding: "utf8" });
    expect(res.stderr).toBe("");
    return res.stdout.split("\n").filter(Boolean);
  };

  it("bash completes commands, subcommands and options from the tree", async () => {
    const script = bashScript(await buildFullCli());
    expect(complete(script, ["arena", "al"])).toEqual(["alias"]);
    expect(complete(script, ["arena", "alias", "h"])).toEqual(["history"]);
    expect(complete(script, ["arena", "--json", "traffic", "set", "--a"])).toEqual(["--arm"]);
    expect(complete(script, ["arena", "rollout", ""])).toEqual(expect.arrayContaining(["start", "approve", "promote"]));
  });

  it("zsh and fish scripts name every command path", async () => {
    const full = await buildFullCli();
    const zsh = zshScript(full);
    const fish = fishScript(full);
    expect(zsh.startsWith("#compdef arena")).toBe(true);
    for (const leaf of leaves(full)) {
      expect(zsh).toContain(`'${commandPath(leaf)}'`);
      expect(fish).toContain(`'${commandPath(leaf)}'`);
    }
    for (const shell of ["zsh", "fish"]) {
      const found = spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;
      if (!found) continue;
      const dir = mkdtempSync(join(tmpdir(), "arena-completion-"));
      writeFileSync(join(dir, "script"), shell === "zsh" ? zsh : fish);
      expect(spawnSync(shell, ["-n", join(dir, "script")], { encoding: "utf8" }).status).toBe(0);
    }
  });
});

describe("shares on the command line", () => {
  it("reads 10% and 0.1 alike and hints on a bare 10", () => {
    expect(parseShare("challenger=10%", "--arm")).toEqual(["challenger", 0.1]);
    expect(parseShare("challenger=0.1", "--arm")).toEqual(["challenger", 0.1]);
    expect(() => parseShare("challenger=10", "--arm")).toThrow(/did you mean challenger=10%\?/);
    expect(() => parseShare("challenger=150%", "--arm")).toThrow(/cannot exceed 100%/);
  });
});
