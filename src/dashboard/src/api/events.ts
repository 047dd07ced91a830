/**
 * GET /v1/events read with fetch and a ReadableStream rather than EventSource:
 * EventSource cannot send an Authorization header, and the token must not go
 * in the URL. Reconnects with backoff; a 401 stops for good (signed out).
 */
import type { LiveEvent } from "./types.js";

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveCallbacks {
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus): void;
  onUnauthorized(): void;
}

/** Parses one "event: …\ndata: …" block; comments and unknown events give null. */
export function parseBlock(block: string): LiveEvent | null {
  let type = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  if (type !== "hello" && type !== "tick" && type !== "change") return null;
  try {
    return { type, ...(JSON.parse(data.join("\n") || "{}") as object) } as LiveEvent;
  } catch {
    return null;
  }
}

/** Opens the stream and keeps it open until `stop()`. */
export function openLiveStream(token: string, callbacks: LiveCallbacks): { stop(): void } {
  const controller = new AbortController();
  let delay = 1_000;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      callbacks.onStatus("connecting");
      try {
        const res = await fetch("/v1/events", {
          headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
          cache: "no-store",
          signal: controller.signal,
        });
        if (res.status === 401) {
          callbacks.onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n/g, "\n");
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = parseBlock(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (!event) continue;
            if (event.type === "hello") {
              delay = 1_000;
              callbacks.onStatus("live");
            }
            callbacks.onEvent(event);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      callbacks.onStatus("offline");
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void run();
  return { stop: () => controller.abort() };
}
