/** One dispatched server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Incremental parser of the text/event-stream format (WHATWG HTML, "Server-sent
 * events"): feed it decoded text in chunks of any size; it calls `onEvent` for
 * every complete event. Comments (": ping") are skipped; `retry` is ignored.
 */
export class SseParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | undefined;
  private sawCarriageReturn = false;
  private started = false;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CRLF split across chunks: the LF was already accounted for by the CR.
    if (this.sawCarriageReturn && text.startsWith("\n")) text = text.slice(1);
    this.sawCarriageReturn = false;
    this.buffer += text;
    let start = 0;
    for (;;) {
      const lineEnd = this.nextLineEnd(start);
      if (lineEnd < 0) break;
      this.line(this.buffer.slice(start, lineEnd));
      const terminator = this.buffer.charCodeAt(lineEnd);
      start = lineEnd + 1;
      if (terminator === 0x0d) {
        if (start === this.buffer.length) this.sawCarriageReturn = true;
        else if (this.buffer.charCodeAt(start) === 0x0a) start++;
      }
    }
    this.buffer = this.buffer.slice(start);
  }

  private nextLineEnd(from: number): number {
    const lf = this.buffer.indexOf("\n", from);
    const cr = this.buffer.indexOf("\r", from);
    if (cr < 0) return lf;
    if (lf < 0) return cr;
    return Math.min(cr, lf);
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
