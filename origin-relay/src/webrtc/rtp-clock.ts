/**
 * Session time from RTP timestamps. Each track's clock (90 kHz video, 48 kHz Opus) starts at a random
 * value and wraps at 2^32 (RFC 3550 §5.1); a track's first packet is placed at its arrival on the
 * session's wall clock, so tracks that start together stay together, and later packets follow their
 * own clock (network jitter does not move them).
 */
export class RtpClock {
  readonly #clockRate: number;
  readonly #startMs: () => number;
  #first: number | undefined;
  #firstMs = 0;
  #last = 0;
  #wraps = 0;

  /** `startMs`: the session time now, read when the track's first packet arrives. */
  constructor(clockRate: number, startMs: () => number) {
    this.#clockRate = clockRate;
    this.#startMs = startMs;
  }

  /** Milliseconds of session time for `timestamp`. */
  ms(timestamp: number): number {
    if (this.#first === undefined) {
      this.#first = timestamp;
      this.#last = timestamp;
      this.#firstMs = this.#startMs();
    }
    // Wrap forward when the timestamp jumps back by more than half the range; small steps back are reordering.
    if (timestamp < this.#last && this.#last - timestamp > 0x8000_0000) this.#wraps++;
    else if (timestamp > this.#last && timestamp - this.#last > 0x8000_0000) this.#wraps--;
    this.#last = timestamp;
    const ticks = timestamp + this.#wraps * 0x1_0000_0000 - this.#first;
    return this.#firstMs + (ticks * 1000) / this.#clockRate;
  }
}
