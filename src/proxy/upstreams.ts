import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { AliasTarget } from "../core/assignment/snapshot.js";
import type { Upstream } from "./table-format.js";

/**
 * Where a version is served: `--upstream VERSION=host:port` first, else the
 * candidate's artifact URI when it is an http://host:port address, else its
 * config's `upstream` field ("host:port"). Null when none says.
 */
export function upstreamAddress(target: AliasTarget, pinned: ReadonlyMap<number, string>): string | null {
  const flag = pinned.get(target.version);
  if (flag !== undefined) return flag;
  if (target.artifactUri !== null && /^https?:\/\//i.test(target.artifactUri)) {
    try {
      const url = new URL(target.artifactUri);
      if (url.protocol === "http:") return `${url.hostname.replace(/^\[|\]$/g, "")}:${url.port || "80"}`;
    } catch {
      // Not a URL: fall through to config.
    }
  }
  const config = target.config as { upstream?: unknown } | null;
  if (config !== null && typeof config === "object" && typeof config.upstream === "string") return config.upstream;
  return null;
}

/** "host:port" → IP and port; the host is resolved with the system resolver (HAProxy's set-dst needs an address). */
export async function resolveUpstream(address: string): Promise<Upstream | null> {
  const match = /^(.+):(\d{1,5})$/.exec(address);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return null;
  const host = match[1]!.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return { ip: host, port };
  try {
    const { address: ip } = await lookup(host);
    return { ip, port };
  } catch {
    return null;
  }
}

/** Parses repeated `--upstream 2=127.0.0.1:8082` flags. */
export function parseUpstreamFlags(values: readonly string[]): { pinned: Map<number, string>; problems: string[] } {
  const pinned = new Map<number, string>();
  const problems: string[] = [];
  for (const value of values) {
    const match = /^(\d+)=(.+:\d{1,5})$/.exec(value);
    if (!match) problems.push(`--upstream "${value}" must look like VERSION=host:port, e.g. 2=10.0.0.7:8080`);
    else pinned.set(Number(match[1]), match[2]!);
  }
  return { pinned, problems };
}
