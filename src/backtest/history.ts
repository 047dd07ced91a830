/**
 * Recorded telemetry for a backtest: JSON lines, each an event as POST
 * /v1/telemetry takes it (exposure, request, event, prediction, label, feature),
 * or a control line: {"type":"candidate","version":2,"metrics":{…}} (offline
 * metrics for the gates), {"type":"rollout","challengers":[2],"at":…} (start a
 * rollout then), {"type":"marker","label":"regression","at":…} (a known
 * regression, to measure time to detect).
 */
export interface HistoryEvent {
  type: string;
  at: number;
  version?: number;
  unitId?: string;
  raw: Record<string, unknown>;
}
export interface CandidateLine {
  version: number;
  metrics: Record<string, number>;
  checks: Array<{ name: string; passed: boolean }>;
}
export interface RolloutLine {
  at: number;
  challengers: number[];
}
export interface MarkerLine {
  at: number;
  label: string;
}

export interface History {
  events: HistoryEvent[];
  candidates: CandidateLine[];
  rollouts: RolloutLine[];
  markers: MarkerLine[];
}

export class HistoryError extends Error {}

function timeOf(v: unknown, line: number): number {
  const ms = typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new HistoryError(`line ${line}: "at" must be an ISO-8601 time or epoch milliseconds`);
  return ms;
}

export function parseHistory(text: string): History {
  const out: History = { events: [], candidates: [], rollouts: [], markers: [] };
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new HistoryError(`line ${line}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HistoryError(`line ${line}: must be a JSON object`);
    const o = value as Record<string, unknown>;
    switch (o.type) {
      case "candidate":
        if (!Number.isInteger(o.version) || (o.version as number) < 1) throw new HistoryError(`line ${line}: candidate.version must be a positive integer`);
        out.candidates.push({ version: o.version as number, metrics: (o.metrics as Record<string, number>) ?? {}, checks: (o.checks as CandidateLine["checks"]) ?? [] });
        return;
      case "rollout":
        if (!Array.isArray(o.challengers) || o.challengers.length === 0) throw new HistoryError(`line ${line}: rollout.challengers must list versions`);
        out.rollouts.push({ at: timeOf(o.at, line), challengers: o.challengers as number[] });
        return;
      case "marker":
        out.markers.push({ at: timeOf(o.at, line), label: String(o.label ?? "marker") });
        return;
      default: {
        if (typeof o.type !== "string") throw new HistoryError(`line ${line}: "type" is missing`);
        out.events.push({ type: o.type, at: timeOf(o.at, line), version: typeof o.version === "number" ? o.version : undefined, unitId: typeof o.unitId === "string" ? o.unitId : undefined, raw: o });
      }
    }
  });
  out.events.sort((a, b) => a.at - b.at);
  out.rollouts.sort((a, b) => a.at - b.at);
  if (out.events.length === 0) throw new HistoryError("the history holds no telemetry events");
  return out;
}
