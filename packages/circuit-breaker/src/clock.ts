/** Where the breaker reads the time. Inject a fake one in tests. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
}

/** `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };
