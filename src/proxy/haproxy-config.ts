/**
 * Writes what HAProxy needs to run Arena's splitter: haproxy.cfg, the settings the
 * Lua reads (ARENA_SETTINGS), and a copy of proxy/haproxy/arena.lua.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Upstream } from "./table-format.js";

/** proxy/haproxy/arena.lua, shipped in the repository. */
export const LUA_SOURCE = resolve(import.meta.dirname, "../../proxy/haproxy/arena.lua");

/** Must equal src/sdk/sketch.ts's mapping: the Lua computes the same bin keys. */
const GAMMA_MANTISSA = (2 * 0.01) / (1 - 0.01);
export const SKETCH_MULTIPLIER = (1 / Math.log1p(GAMMA_MANTISSA)) * Math.log(2);
export const SKETCH_MIN_POSSIBLE = Math.pow(2, -1023) * (1 + GAMMA_MANTISSA);

export type KeySource = { header: string } | { cookie: string };

export interface ProxyConfig {
  program: string;
  /** Where clients connect, e.g. 0.0.0.0:8080. */
  listen: string;
  /** Admin service (table pushes, telemetry drains), always on 127.0.0.1. */
  adminPort: number;
  secret: string;
  key: KeySource | null;
  stickyCookie: string;
  stickyMaxAgeSeconds: number;
  /** Champion served before the first table arrives (and when none was ever kept). */
  defaultUpstream: (Upstream & { version: number }) | null;
  upstreamTimeoutMs: number;
  shadowTimeoutMs: number;
  maxShadowInflight: number;
  maxWindows: number;
  maxExposures: number;
  /** Distinct (latency, version, status) integers counted before they are folded into windows (default 10,000). */
  maxAnswerKeys?: number;
  maxKeyBytes: number;
  threads: number;
  /** Distinct upstream addresses a table may name at once (one backend each). */
  slots: number;
  /** Waits for request bodies so shadow copies carry them (option http-buffer-request). */
  bufferBodies: boolean;
  /** A request header that tells the build which version serves it (e.g. x-arena-version); none by default, since a build knows what it is. */
  versionHeader?: string | null;
}

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

/** Refuses names HAProxy or the Lua would misread; returns the problems found. */
export function configProblems(config: ProxyConfig): string[] {
  const problems: string[] = [];
  if (config.key !== null) {
    const name = "header" in config.key ? config.key.header : config.key.cookie;
    if (!TOKEN.test(name)) problems.push(`--key: "${name}" is not a valid header or cookie name`);
  }
  if (config.versionHeader != null && !TOKEN.test(config.versionHeader)) problems.push(`--version-header: "${config.versionHeader}" is not a valid header name`);
  if (!TOKEN.test(config.stickyCookie)) problems.push(`--sticky-cookie: "${config.stickyCookie}" is not a valid cookie name`);
  if (!/^[^\s]+:\d{1,5}$/.test(config.listen)) problems.push(`--listen: "${config.listen}" must look like 0.0.0.0:8080`);
  return problems;
}

const lua = (value: string | number | null): string => (value === null ? "nil" : typeof value === "number" ? String(value) : JSON.stringify(value));

export function settingsLua(config: ProxyConfig): string {
  const d = config.defaultUpstream;
  const fields: Record<string, string | number | null> = {
    program: config.program,
    secret: config.secret,
    default_ip: d?.ip ?? null,
    default_port: d?.port ?? null,
    default_version: d?.version ?? null,
    shadow_timeout_ms: config.shadowTimeoutMs,
    max_shadow_inflight: config.maxShadowInflight,
    max_windows: config.maxWindows,
    max_exposures: config.maxExposures,
    max_answer_keys: config.maxAnswerKeys ?? 10_000,
    // Small, so a drain never holds HAProxy's thread for long (≈ 0.2 ms); a burst leaves in several, 20 ms apart.
    drain_exposures: 250,
    slots: config.slots,
    // Lower case: HAProxy hands Lua the request's header names in lower case.
    version_header: config.versionHeader != null ? config.versionHeader.toLowerCase() : null,
    // 17 significant digits: Lua reads back the very same double.
    sketch_multiplier: SKETCH_MULTIPLIER.toPrecision(17),
    sketch_min_possible: SKETCH_MIN_POSSIBLE.toPrecision(17),
  };
  const body = Object.entries(fields)
    .map(([k, v]) => `  ${k} = ${k.startsWith("sketch_") ? String(v) : lua(v)},`)
    .join("\n");
  return `-- Written by \`arena proxy\`; read by arena.lua.\nARENA_SETTINGS = {\n${body}\n}\n`;
}

export function haproxyConfig(config: ProxyConfig, dir: string): string {
  const header = config.key !== null && "header" in config.key ? config.key.header : null;
  const cookie = config.key !== null && "cookie" in config.key ? config.key.cookie : null;
  const len = `-m len 1:${config.maxKeyBytes}`;
  // Optional (it costs a log-format evaluation per request, about 4 % of the proxy's instructions): set, never appended.
  const versionHeader = config.versionHeader != null ? `  http-request set-header ${config.versionHeader} %[var(txn.arena_route),field(3,:)]\n` : "";
  const sources: Array<[string, string]> = [];
  if (header !== null) sources.push([`req.hdr(${header})`, `header ${header}`]);
  if (cookie !== null) sources.push([`req.cook(${cookie})`, `cookie ${cookie}`]);
  sources.push([`req.cook(${config.stickyCookie})`, `the sticky cookie ${config.stickyCookie}`]);
  // One rule per source: the first that yields a key of the allowed length names the unit (set-var as a
  // converter keeps it) and routes it, so a request with a key runs one rule, not one per step.
  const routed = "set-var(txn.arena_unit),lua.arena_assign";
  const unitRules = sources
    .map(([fetch], i) => `  http-request set-var(txn.arena_route) ${fetch},${routed} if ${i > 0 ? "!{ var(txn.arena_route) -m found } " : ""}{ ${fetch} ${len} }\n`)
    .join("");
  const unitSources = sources.map(([, what]) => what).join(", else ");
  const slots = Array.from(
    { length: config.slots },
    (_, i) =>
      `backend arena_slot_${i + 1}\n  server s 127.0.0.1:1\n\n` +
      `backend arena_slot_${i + 1}_s\n  http-request lua.arena_shadow\n  server s 127.0.0.1:1\n`,
  ).join("\n");
  const sticky = `${config.stickyCookie}=%[var(txn.arena_new_unit)]; Path=/; Max-Age=${config.stickyMaxAgeSeconds}; HttpOnly; SameSite=Lax`;
  return `# Written by \`arena proxy\` for program ${config.program}. Routing changes arrive over the
# admin service (no reload); edit the flags of \`arena proxy\`, not this file.
global
  nbthread ${config.threads}
  tune.lua.maxmem 256
  lua-load ${join(dir, "settings.lua")}
  lua-load ${join(dir, "arena.lua")}

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server ${config.upstreamTimeoutMs}ms
  timeout http-keep-alive 10s
  timeout http-request 10s
${config.bufferBodies ? "  option http-buffer-request\n" : ""}
frontend arena_in
  bind ${config.listen}
  # Only the proxy marks shadow copies; a client cannot make a build believe a request is one.
  http-request del-header x-arena-shadow
  # The unit: ${unitSources}, else a new id, sent back as the sticky cookie.
${unitRules}  http-request set-var(txn.arena_route) uuid,set-var(txn.arena_new_unit),${routed} if !{ var(txn.arena_route) -m found }
  # The route: "version×1000:backend:version:alias:s|-" ("s": a shadow copy is due); with no version
  # to serve, "0:arena_none:0:none:-" (an untimed 503 from the arena_none backend, counted nowhere).
${versionHeader}  http-request set-var(txn.arena_t0) date(0,us)
  http-response add-header Set-Cookie "${sticky}" if { var(txn.arena_new_unit) -m found }
  # Every answer, the proxy's own 502/503/504 included, is counted for its version: one integer,
  # (version × 1000 + status) × 2^32 + latency µs, so the Lua parses nothing. A string variable
  # adds as the number it starts with (the route's version × 1000). No conditions: without a
  # route or t0 (a request HAProxy refused) a fetch fails and nothing is counted (arena_none unsets t0).
  http-after-response set-var(txn.arena_latency) date(0,us),sub(txn.arena_t0)
  http-after-response set-var(txn.arena_recorded) status,add(txn.arena_route),mul(4294967296),add(txn.arena_latency),lua.arena_record
  use_backend %[var(txn.arena_route),field(2,:)]
  # A route that failed to compute (a Lua error, logged by HAProxy) is answered like no version.
  default_backend arena_none

# Upstream slots: arena.lua points each at a version's address (Server:set_addr) when a
# table arrives, so versions move without a reload and each keeps its idle connections.
# A slot's twin (_s) serves the requests that also send a shadow copy: its rule sends it.
${slots}
# No version to serve (no table yet and no --default-upstream): the route names this backend.
backend arena_none
  # Untimed: without t0 the after-response rules count nothing, as no version served it.
  http-request unset-var(txn.arena_t0)
  http-request return status 503 content-type text/plain string "arena: no version of ${config.program} to serve yet"

frontend arena_admin
  bind 127.0.0.1:${config.adminPort}
  http-request use-service lua.arena_admin
`;
}

/** Writes haproxy.cfg, settings.lua and arena.lua into `dir`; returns the config path. */
export function writeProxyFiles(config: ProxyConfig, dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  copyFileSync(LUA_SOURCE, join(dir, "arena.lua"));
  writeFileSync(join(dir, "settings.lua"), settingsLua(config), { mode: 0o600 });
  const path = join(dir, "haproxy.cfg");
  writeFileSync(path, haproxyConfig(config, dir), { mode: 0o600 });
  return path;
}
