import { HttpStatusError } from "./errors.js";
import { authHeaders, failOnStatus, type HttpContext } from "./http.js";
import { SseParser } from "./sse-parser.js";
import { backoffDelay, sleep, unrefTimeout } from "./timing.js";

export interface StreamHandlers {
  /** The server accepted the stream. */
  onOpen(): void;
  /** The stream closed or failed; a reconnection follows after a backoff. */
  onDown(): void;
  /** The data of one `snapshot` event. */
  onSnapshot(data: string): void;
  onError(error: unknown): void;
}

export interface StreamSettings {
  idleTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
}

class StreamIdleError extends Error {
  override readonly name = "StreamIdleError";
}

/**
 * Keeps a server-sent-events connection to /v1/sdk/stream until the client
 * closes: reconnects with exponential backoff and jitter, and drops a
 * connection that sends nothing (not even a ping) for idleTimeoutMs.
 */
export async function runSnapshotStream(http: HttpContext, settings: StreamSettings, handlers: StreamHandlers): Promise<void> {
  let attempt = 0;
  while (!http.closed.aborted) {
    let receivedEvents = false;
    try {
      receivedEvents = await streamOnce(http, settings, handlers);
    } catch (error) {
      if (!http.closed.aborted) handlers.onError(error);
    }
    if (http.closed.aborted) return;
    handlers.onDown();
    // A connection that delivered events was healthy: start the backoff again from the bottom.
    attempt = receivedEvents ? 0 : attempt + 1;
    await sleep(backoffDelay(attempt, settings.reconnectBaseMs, settings.reconnectMaxMs), http.closed);
  }
}

/** One connection; resolves whether any event arrived before it ended. */
async function streamOnce(http: HttpContext, settings: StreamSettings, handlers: StreamHandlers): Promise<boolean> {
  const connection = new AbortController();
  const abort = (): void => connection.abort();
  http.closed.addEventListener("abort", abort, { once: true });
  const idle = unrefTimeout(
    () => connection.abort(new StreamIdleError(`no data for ${settings.idleTimeoutMs} ms`)),
    settings.idleTimeoutMs,
  );
  let receivedEvents = false;
  try {
    const response = await http.fetch(`${http.baseUrl}/v1/sdk/stream`, {
      headers: { ...authHeaders(http, "text/event-stream"), "cache-control": "no-cache" },
      signal: connection.signal,
    });
    if (response.status !== 200 || response.body === null) return await failOnStatus(response);
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      await response.body.cancel().catch(() => undefined);
      throw new HttpStatusError(response.status, null);
    }
    handlers.onOpen();
    idle.refresh();
    const parser = new SseParser((event) => {
      receivedEvents = true;
      if (event.event === "snapshot") handlers.onSnapshot(event.data);
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return receivedEvents;
      idle.refresh();
      parser.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (connection.signal.reason instanceof StreamIdleError) throw connection.signal.reason;
    throw error;
  } finally {
    clearTimeout(idle);
    http.closed.removeEventListener("abort", abort);
    connection.abort();
  }
}
