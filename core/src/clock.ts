/** Time and randomness are injected wherever they matter, so tests are exact. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface Random {
  /** Fills and returns `length` cryptographically random bytes. */
  bytes(length: number): Uint8Array;
}

export const cryptoRandom: Random = { bytes: (length) => crypto.getRandomValues(new Uint8Array(length)) };
