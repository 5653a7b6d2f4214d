/** Something that is told how far a long job is. */
export interface ProgressSink {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export const silentProgress: ProgressSink = { update() {}, finish() {} };

const WIDTH = 28;

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * A progress bar on stderr: redrawn in place on a terminal (at most ten times a second),
 * one line per tenth otherwise (CI logs, pipes), so stdout stays clean for results.
 */
export class ProgressBar implements ProgressSink {
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(done: number, note = ""): void {
    const now = Date.now();
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    if (this.tty) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      this.stream.write(`\r\x1b[2K${this.line(fraction, done, note)}`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth === this.lastTenth) return;
      this.lastTenth = tenth;
      this.stream.write(`${this.line(fraction, done, note)}\n`);
    }
  }

  finish(note = ""): void {
    const line = this.line(1, this.total, note);
    this.stream.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  private line(fraction: number, done: number, note: string): string {
    const filled = Math.round(fraction * WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
    const count = `${done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${this.unit}`;
    return `${this.label} ${bar} ${pct} ${count} ${clock(Date.now() - this.started)}${note ? ` · ${note}` : ""}`;
  }
}
