/** One dispatched server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Incremental parser of the text/event-stream format (WHATWG HTML, "Server-sent
 * events"): feed it decoded text in chunks of any size; it calls `onEvent` for
 * every complete event. Comments (": ping") are skipped; `retry` is ignored.
 * Linear in the input: a multi-megabyte snapshot line split over many chunks is
 * joined once, when its end arrives.
 */
export class SseParser {
  /** Pieces of the line not yet terminated. */
  private partial: string[] = [];
  private event = "";
  private data: string[] = [];
  private id: string | undefined;
  /** The previous chunk ended with CR: a LF opening this one belongs to that line end. */
  private afterCarriageReturn = false;
  private started = false;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    let start = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1;
    }
    if (this.afterCarriageReturn && chunk.charCodeAt(start) === LF) start++;
    this.afterCarriageReturn = false;
    for (let i = start; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      this.partial.push(chunk.slice(start, i));
      this.line(this.partial.length === 1 ? this.partial[0]! : this.partial.join(""));
      this.partial = [];
      if (c === CR) {
        if (i + 1 === chunk.length) this.afterCarriageReturn = true;
        else if (chunk.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.slice(start));
  }

  private line(line: string): void {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }

  private dispatch(): void {
    if (this.data.length > 0) {
      this.onEvent({ event: this.event === "" ? "message" : this.event, data: this.data.join("\n"), id: this.id });
    }
    this.event = "";
    this.data = [];
  }
}
