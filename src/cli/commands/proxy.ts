import { resolve } from "node:path";
import type { Command } from "commander";
import { configProblems, type KeySource, type ProxyConfig } from "../../proxy/haproxy-config.js";
import { ProxyRunner } from "../../proxy/runner.js";
import { parseUpstreamFlags, resolveUpstream } from "../../proxy/upstreams.js";
import { resolveTarget, type GlobalOptions } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { stopOnSignal } from "./server.js";

interface ProxyFlags {
  listen: string;
  key?: string;
  stickyCookie: string;
  upstream: string[];
  defaultUpstream?: string;
  dir: string;
  upstreamTimeout: string;
  shadowTimeout: string;
  threads: string;
  slots: string;
  drainInterval: string;
  bufferBodies: boolean;
  versionHeader?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function positive(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`${name} must be an integer from 1 to ${max}, got "${value}"`, EXIT.usage);
  return n;
}

function keySource(value: string | undefined): KeySource | null {
  if (value === undefined) return null;
  const match = /^(header|cookie):(.+)$/.exec(value);
  if (!match) throw new CliError(`--key "${value}" must be header:NAME or cookie:NAME, e.g. header:x-user-id`, EXIT.usage);
  return match[1] === "header" ? { header: match[2]!.toLowerCase() } : { cookie: match[2]! };
}

async function defaultUpstream(value: string | undefined): Promise<ProxyConfig["defaultUpstream"]> {
  if (value === undefined) return null;
  const match = /^(\d+)=(.+)$/.exec(value);
  const upstream = match ? await resolveUpstream(match[2]!) : null;
  if (!match || upstream === null)
    throw new CliError(
      `--default-upstream "${value}" must look like VERSION=host:port (the champion's build), e.g. 7=10.0.0.7:8080`,
      EXIT.usage,
    );
  return { version: Number(match[1]), ...upstream };
}

export function registerProxy(cli: Command): void {
  cli
    .command("proxy <program>")
    .description(
      "run HAProxy (apt-get install haproxy) in front of a service's builds: splits traffic as the SDK does, follows Arena live, shadows, ships telemetry",
    )
    .option("--listen <host:port>", "where clients connect", "0.0.0.0:8080")
    .option("--key <source>", "unit key: header:NAME or cookie:NAME (else the sticky cookie, set on first visit)")
    .option("--sticky-cookie <name>", "cookie that keeps a visitor without a key on one version", "arena_unit")
    .option(
      "--upstream <version=host:port>",
      "where a version is served (repeatable); default: the candidate's artifact URI http://host:port",
      collect,
      [],
    )
    .option("--default-upstream <version=host:port>", "champion served before Arena was ever reached and no table was kept")
    .option("--dir <dir>", "folder for haproxy.cfg, the Lua and the last known table", ".arena/proxy")
    .option("--upstream-timeout <ms>", "an upstream slower than this is answered 504 and counted as an error", "5000")
    .option("--shadow-timeout <ms>", "a shadow copy slower than this counts as an error", "5000")
    .option("--threads <n>", "HAProxy threads", "1")
    .option("--slots <n>", "most distinct upstream addresses (champion, challengers, shadows, overrides) at once", "16")
    .option("--drain-interval <ms>", "how often telemetry is taken from the proxy and shipped to Arena", "1000")
    .option("--no-buffer-bodies", "do not wait for request bodies (shadow copies then carry none)")
    .option(
      "--version-header <name>",
      "request header that tells the build which version serves it (e.g. x-arena-version; none by default)",
    )
    .action(async (program: string, flags: ProxyFlags, command: Command) => {
      const target = resolveTarget(command.optsWithGlobals<GlobalOptions>());
      const token = target.token;
      if (!token) throw new CliError("no token: set ARENA_TOKEN to a token with the sdk role (arena token create --role sdk)", EXIT.auth);
      const { pinned, problems } = parseUpstreamFlags(flags.upstream);
      const config = {
        program,
        listen: flags.listen,
        key: keySource(flags.key),
        stickyCookie: flags.stickyCookie,
        stickyMaxAgeSeconds: 365 * 24 * 3600,
        defaultUpstream: await defaultUpstream(flags.defaultUpstream),
        upstreamTimeoutMs: positive("--upstream-timeout", flags.upstreamTimeout, 600_000),
        shadowTimeoutMs: positive("--shadow-timeout", flags.shadowTimeout, 600_000),
        maxShadowInflight: 1_000,
        maxWindows: 1_000,
        maxExposures: 50_000,
        maxKeyBytes: 200,
        threads: positive("--threads", flags.threads, 64),
        slots: positive("--slots", flags.slots, 256),
        bufferBodies: flags.bufferBodies,
        versionHeader: flags.versionHeader ?? null,
      };
      problems.push(...configProblems({ ...config, adminPort: 1, secret: "-" }));
      if (problems.length > 0) throw new CliError(problems.join("\n"), EXIT.usage);
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const runner = new ProxyRunner({
        url: target.url,
        token,
        dir: resolve(flags.dir),
        config,
        pinnedUpstreams: pinned,
        drainIntervalMs: positive("--drain-interval", flags.drainInterval, 60_000),
        log,
      });
      try {
        const { configPath, adminPort } = await runner.start();
        process.stdout.write(
          `proxy for ${program} listening on ${flags.listen} (haproxy config ${configPath}, admin 127.0.0.1:${adminPort})\n`,
        );
      } catch (error) {
        await runner.stop().catch(() => undefined);
        throw new CliError((error as Error).message, EXIT.failed);
      }
      stopOnSignal(() => runner.stop());
    });
}
