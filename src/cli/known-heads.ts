import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** The audit head this CLI verified last, per server: kept outside the server so a truncated or rolled-back log shows. */
export interface KnownHead {
  seq: number;
  hash: string;
  at: string;
}

export function knownHeadsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.ARENA_KNOWN_HEADS ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "arena", "audit-heads.json");
}

function readAll(file: string): Record<string, KnownHead> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, KnownHead>;
  } catch {
    return {};
  }
}

export function knownHead(server: string, file = knownHeadsFile()): KnownHead | null {
  return readAll(file)[server] ?? null;
}

export function rememberHead(server: string, head: KnownHead, file = knownHeadsFile()): void {
  const all = readAll(file);
  const old = all[server];
  if (old && old.seq > head.seq) return;
  all[server] = head;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
}
