import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

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

/** The telemetry events of a recording, read in time order, with what the engine needs to know up front. */
export interface HistoryEvents {
  first: number;
  last: number;
  count: number;
  programs: string[];
  versions: number[];
  /** Whether they are read from the file as they are replayed (bounded memory) rather than held. */
  streamed: boolean;
  read(): AsyncIterable<HistoryEvent>;
}

export interface History {
  events: HistoryEvents;
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

type Parsed = { kind: "event"; event: HistoryEvent } | { kind: "control" } | { kind: "blank" };

/** One line of a recording: an event, or a control line recorded into `out`. */
export function parseLine(raw: string, line: number, out: Omit<History, "events">): Parsed {
  if (raw.trim() === "") return { kind: "blank" };
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
      if (!Number.isInteger(o.version) || (o.version as number) < 1)
        throw new HistoryError(`line ${line}: candidate.version must be a positive integer`);
      out.candidates.push({
        version: o.version as number,
        metrics: (o.metrics as Record<string, number>) ?? {},
        checks: (o.checks as CandidateLine["checks"]) ?? [],
      });
      return { kind: "control" };
    case "rollout":
      if (!Array.isArray(o.challengers) || o.challengers.length === 0)
        throw new HistoryError(`line ${line}: rollout.challengers must list versions`);
      out.rollouts.push({ at: timeOf(o.at, line), challengers: o.challengers as number[] });
      return { kind: "control" };
    case "marker":
      out.markers.push({ at: timeOf(o.at, line), label: String(o.label ?? "marker") });
      return { kind: "control" };
    default: {
      if (typeof o.type !== "string") throw new HistoryError(`line ${line}: "type" is missing`);
      return {
        kind: "event",
        event: {
          type: o.type,
          at: timeOf(o.at, line),
          version: typeof o.version === "number" ? o.version : undefined,
          unitId: typeof o.unitId === "string" ? o.unitId : undefined,
          raw: o,
        },
      };
    }
  }
}

/** What the engine needs up front, gathered while the events go by. */
class EventSummary {
  first = Infinity;
  last = -Infinity;
  count = 0;
  sorted = true;
  readonly programs = new Set<string>();
  readonly versions = new Set<number>();
  add(e: HistoryEvent): void {
    if (e.at < this.last) this.sorted = false;
    this.first = Math.min(this.first, e.at);
    this.last = Math.max(this.last, e.at);
    this.count++;
    if (typeof e.raw.program === "string") this.programs.add(e.raw.program);
    if (e.version) this.versions.add(e.version);
  }
  events(read: () => AsyncIterable<HistoryEvent>, streamed: boolean): HistoryEvents {
    if (this.count === 0) throw new HistoryError("the history holds no telemetry events");
    return {
      first: this.first,
      last: this.last,
      count: this.count,
      programs: [...this.programs],
      versions: [...this.versions],
      streamed,
      read,
    };
  }
}

function held(events: HistoryEvent[], summary: EventSummary): HistoryEvents {
  events.sort((a, b) => a.at - b.at);
  return summary.events(async function* () {
    yield* events;
  }, false);
}

/** A whole recording held in memory (events sorted by time). */
export function parseHistory(text: string): History {
  const out: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
  const events: HistoryEvent[] = [];
  const summary = new EventSummary();
  text.split("\n").forEach((raw, i) => {
    const parsed = parseLine(raw, i + 1, out);
    if (parsed.kind === "event") {
      events.push(parsed.event);
      summary.add(parsed.event);
    }
  });
  out.rollouts.sort((a, b) => a.at - b.at);
  return { ...out, events: held(events, summary) };
}

export async function* lines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: "utf8" });
  try {
    yield* createInterface({ input, crlfDelay: Infinity });
  } finally {
    input.destroy();
  }
}

/**
 * A recording read from a file. One pass validates every line and gathers the control lines and
 * what the engine needs up front; when the events are in time order (as Arena and the scripts write
 * them), the replay reads them from the file again as it goes, so a month of telemetry needs no
 * more memory than a step of it. Out-of-order events are held and sorted instead.
 */
export async function readHistoryFile(path: string): Promise<History> {
  const out: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
  const summary = new EventSummary();
  let n = 0;
  for await (const raw of lines(path)) {
    const parsed = parseLine(raw, ++n, out);
    if (parsed.kind === "event") summary.add(parsed.event);
  }
  out.rollouts.sort((a, b) => a.at - b.at);
  if (!summary.sorted) {
    const events: HistoryEvent[] = [];
    const again = new EventSummary();
    let m = 0;
    for await (const raw of lines(path)) {
      const parsed = parseLine(raw, ++m, { candidates: [], rollouts: [], markers: [] });
      if (parsed.kind === "event") {
        events.push(parsed.event);
        again.add(parsed.event);
      }
    }
    return { ...out, events: held(events, again) };
  }
  return {
    ...out,
    events: summary.events(async function* () {
      let m = 0;
      const ignore: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
      for await (const raw of lines(path)) {
        const parsed = parseLine(raw, ++m, ignore);
        if (parsed.kind === "event") yield parsed.event;
      }
    }, true),
  };
}
