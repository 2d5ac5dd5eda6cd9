/**
 * When the supervisor restarts a child that died: exponential backoff as data (hls.js-style policy),
 * reset once a child has stayed up long enough to count as healthy again.
 */
export interface RestartPolicy {
  /** Delay before the first restart after a healthy run. */
  initialDelayMs: number;
  /** Each consecutive crash multiplies the delay by this. */
  factor: number;
  maxDelayMs: number;
  /** A child that ran this long before dying starts again from `initialDelayMs`. */
  healthyAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { initialDelayMs: 500, factor: 2, maxDelayMs: 15_000, healthyAfterMs: 30_000 };

/** Consecutive crashes so far (0 after a healthy run). */
export interface RestartState {
  crashes: number;
}

/**
 * The delay before restarting a child that ran `uptimeMs`, and the state after it.
 * @example nextRestart(defaultRestartPolicy, { crashes: 0 }, 100) // { delayMs: 500, state: { crashes: 1 } }
 */
export function nextRestart(policy: RestartPolicy, state: RestartState, uptimeMs: number): { delayMs: number; state: RestartState } {
  const crashes = uptimeMs >= policy.healthyAfterMs ? 0 : state.crashes;
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** crashes);
  return { delayMs, state: { crashes: crashes + 1 } };
}
