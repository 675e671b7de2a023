import { hostname } from 'node:os';
import { type Clock, systemClock } from './clock.js';
import { InvalidOptionError } from './errors.js';
import type { BreakerEvent } from './events.js';
import { type BreakerPolicy, type BreakerPolicyInput, resolvePolicy } from './policy.js';
import type { BreakerStore } from './store.js';

export interface CircuitBreakerOptions {
  /** The breaker's key in the store (e.g. the hook command). Non-empty. */
  name: string;
  /** Where the state lives: `MemoryStore`, `FileStore`, `RedisStore` or your own. */
  store: BreakerStore;
  /** @default defaultPolicy (3 failures open for 300 s, 2 trial successes close) */
  policy?: BreakerPolicyInput;
  /** @default systemClock (Date.now) */
  clock?: Clock;
  /** Told every transition (after it is stored). Exceptions it throws are caught and dropped. @default undefined */
  onEvent?: (event: BreakerEvent) => void;
  /** Random source in [0, 1) for the cooldown jitter; inject a seeded one for reproducible runs. @default Math.random */
  random?: () => number;
  /** Who holds the trial leases this breaker takes. @default `${hostname}:${pid}` */
  owner?: string;
}

/** The one internal shape of {@link CircuitBreakerOptions}. */
export interface ResolvedOptions {
  name: string;
  store: BreakerStore;
  policy: Readonly<BreakerPolicy>;
  clock: Clock;
  onEvent: ((event: BreakerEvent) => void) | undefined;
  random: () => number;
  owner: string;
}

const isFn = (v: unknown): boolean => typeof v === 'function';

/** Validates and normalises the constructor options: {@link InvalidOptionError} / `InvalidPolicyError`. */
export function resolveOptions(options: CircuitBreakerOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('CircuitBreaker options', 'an object', options);
  }
  const { name, store, clock, onEvent, random, owner } = options;
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidOptionError('options.name', 'a non-empty string', name);
  }
  if (store === null || typeof store !== 'object' || !isFn(store.update) || !isFn(store.get)) {
    throw new InvalidOptionError('options.store', 'a BreakerStore (update, get, list, totals)', store);
  }
  if (clock !== undefined && (clock === null || !isFn(clock.now))) {
    throw new InvalidOptionError('options.clock', 'an object with now()', clock);
  }
  if (onEvent !== undefined && !isFn(onEvent)) {
    throw new InvalidOptionError('options.onEvent', 'a function', onEvent);
  }
  if (random !== undefined && !isFn(random))
    throw new InvalidOptionError('options.random', 'a function', random);
  if (owner !== undefined && (typeof owner !== 'string' || owner.length === 0)) {
    throw new InvalidOptionError('options.owner', 'a non-empty string', owner);
  }
  return {
    name,
    store,
    policy: resolvePolicy(options.policy),
    clock: clock ?? systemClock,
    onEvent,
    random: random ?? Math.random,
    owner: owner ?? `${hostname()}:${process.pid}`,
  };
}
