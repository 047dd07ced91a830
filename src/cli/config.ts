/**
 * The CLI's config file: named contexts, each a server URL and where its token comes from
 * (an environment variable, or a file only its owner can read). Never the token itself.
 *
 *   {"current": "prod", "contexts": {"prod": {"url": "https://arena.internal", "tokenEnv": "ARENA_PROD_TOKEN"}}}
 *
 * Location: $ARENA_CONFIG, else $XDG_CONFIG_HOME/arena/config.json, else ~/.config/arena/config.json.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError, EXIT } from "./errors.js";

export interface ContextEntry {
  url: string;
  tokenEnv?: string;
  tokenFile?: string;
}

export interface CliConfig {
  current?: string;
  contexts: Record<string, ContextEntry>;
}

export const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ARENA_CONFIG) return env.ARENA_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "arena", "config.json");
}

/** Checks a server URL: http(s) with a host. Exit 2, not 3: a URL without a scheme is bad input, not an unreachable server. */
export function checkUrl(url: string, source: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname) {
    throw new CliError(`${source} "${url}" must be an http(s) URL such as http://127.0.0.1:7700`, EXIT.usage);
  }
  return url;
}

function problem(path: string, message: string): CliError {
  return new CliError(`config file ${path}: ${message}`, EXIT.usage);
}

function parseEntry(path: string, name: string, raw: unknown): ContextEntry {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw problem(path, `contexts.${name} must be an object`);
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!["url", "tokenEnv", "tokenFile"].includes(key))
      throw problem(path, `contexts.${name}.${key} is not a known field (url, tokenEnv, tokenFile)`);
  if (typeof r.url !== "string") throw problem(path, `contexts.${name}.url must be a string`);
  checkUrl(r.url, `contexts.${name}.url in ${path}`);
  const entry: ContextEntry = { url: r.url };
  if (r.tokenEnv !== undefined) {
    if (typeof r.tokenEnv !== "string" || !ENV_NAME.test(r.tokenEnv))
      throw problem(path, `contexts.${name}.tokenEnv must be an environment variable name`);
    entry.tokenEnv = r.tokenEnv;
  }
  if (r.tokenFile !== undefined) {
    if (typeof r.tokenFile !== "string" || r.tokenFile.length === 0) throw problem(path, `contexts.${name}.tokenFile must be a path`);
    entry.tokenFile = r.tokenFile;
  }
  if (entry.tokenEnv && entry.tokenFile) throw problem(path, `contexts.${name}: give tokenEnv or tokenFile, not both`);
  return entry;
}

/** Reads the config file; a missing file is an empty config, a malformed one an error naming the field. */
export function readConfig(path = configPath()): CliConfig {
  if (!existsSync(path)) return { contexts: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw problem(path, `not valid JSON (${(error as Error).message})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw problem(path, "must be a JSON object");
  const r = raw as Record<string, unknown>;
  const contextsRaw = r.contexts ?? {};
  if (contextsRaw === null || typeof contextsRaw !== "object" || Array.isArray(contextsRaw))
    throw problem(path, "contexts must be an object");
  const contexts: Record<string, ContextEntry> = {};
  for (const [name, entry] of Object.entries(contextsRaw)) {
    if (!CONTEXT_NAME.test(name)) throw problem(path, `context name "${name}" must be letters, digits, . _ - (at most 64)`);
    contexts[name] = parseEntry(path, name, entry);
  }
  const config: CliConfig = { contexts };
  if (r.current !== undefined) {
    if (typeof r.current !== "string" || !(r.current in contexts))
      throw problem(path, `current "${String(r.current)}" is not one of the contexts`);
    config.current = r.current;
  }
  return config;
}

/** Writes the config atomically, readable by its owner only. */
export function writeConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The token a context names: from its env var, or from its file, which must be readable by its owner only. */
export function contextToken(name: string, entry: ContextEntry, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (entry.tokenEnv) return env[entry.tokenEnv] || undefined;
  if (!entry.tokenFile) return undefined;
  const file = entry.tokenFile.startsWith("~/") ? join(homedir(), entry.tokenFile.slice(2)) : entry.tokenFile;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new CliError(
      `context ${name}: cannot read token file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      EXIT.usage,
    );
  }
  if ((mode & 0o077) !== 0) {
    throw new CliError(
      `context ${name}: token file ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`,
      EXIT.usage,
    );
  }
  return readFileSync(file, "utf8").trim() || undefined;
}
