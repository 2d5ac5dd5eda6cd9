/** A one-line progress bar on stderr: redrawn in place on a terminal, a line per tenth elsewhere (logs, CI). */

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

const WIDTH = 30;

export class ProgressBar {
  readonly #sink: ProgressSink;
  readonly #label: string;
  #lastTenth = -1;

  constructor(sink: ProgressSink, label: string) {
    this.#sink = sink;
    this.#label = label.padEnd(9);
  }

  /** `fraction` 0..1, with an optional note after the percentage (a rate, a state). */
  update(fraction: number, note = ""): void {
    const clamped = Math.min(1, Math.max(0, fraction));
    const percent = `${Math.floor(clamped * 100)}`.padStart(3);
    const filled = Math.round(clamped * WIDTH);
    const line = `${this.#label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${percent}%${note === "" ? "" : `  ${note}`}`;
    if (this.#sink.isTTY) {
      this.#sink.write(`\r${line}\u001b[K`);
      return;
    }
    const tenth = Math.floor(clamped * 10);
    if (tenth === this.#lastTenth) return;
    this.#lastTenth = tenth;
    this.#sink.write(`${line}\n`);
  }

  done(note = ""): void {
    this.update(1, note);
    if (this.#sink.isTTY) this.#sink.write("\n");
  }
}
