/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line at
 * every tenth when stderr is a file or a pipe (CI logs), nothing with --json on a terminal's stdout.
 */
export interface Progress {
  update(fraction: number, detail: string): void;
  done(): void;
}

export function progressOn(stream: NodeJS.WriteStream, label: string): Progress {
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(fraction, detail) {
      const f = Math.min(1, Math.max(0, fraction));
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && f < 1) return;
        lastDraw = now;
        const filled = Math.round(f * 20);
        stream.write(
          `\r${label} [${"#".repeat(filled)}${".".repeat(20 - filled)}] ${String(Math.round(f * 100)).padStart(3)} % ${detail}\x1b[K`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(f * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${tenth * 10} % (${detail})\n`);
      }
    },
    done() {
      if (drawn) stream.write("\n");
    },
  };
}
