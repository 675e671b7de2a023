import { inspect } from 'node:util';
import type { Rejection } from './decision.js';

/** Text of any thrown value, for messages and `lastError`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  if (error === undefined) return 'unknown error';
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    // a cycle, a BigInt, a throwing toJSON: String() may throw too (null prototype)
    return inspect(error, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
  }
}

/** `execute()` was refused: the circuit is open, forced open, or its half-open trial slots are taken. */
export class BreakerOpenError extends Error {
  readonly code = 'EBREAKEROPEN' as const;
  constructor(
    readonly rejection: Rejection,
    options?: { cause?: unknown },
  ) {
    super(rejection.message, options);
    this.name = 'BreakerOpenError';
  }
}

/**
 * A store could not be read or written in bounded time (lock timeout, Redis down, ...).
 * Callers that guard their own work should fail open on it: run the work unguarded.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'ESTOREUNAVAILABLE' as const;
  constructor(
    /** Which store, e.g. `file /path/state.json` or `redis steadystate:breaker`. */
    readonly store: string,
    /** What was attempted, e.g. `update hook-a`. */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(
      `circuit-breaker: expected the ${store} store to ${operation} in bounded time, found: ${describeError(options?.cause)}`,
      options,
    );
    this.name = 'StoreUnavailableError';
  }
}

/** A policy field is out of range or of the wrong type. */
export class InvalidPolicyError extends Error {
  readonly code = 'EINVALIDPOLICY' as const;
  constructor(
    /** The field, e.g. `cooldownMs` or `failureRate.threshold`. */
    readonly field: string,
    readonly expected: string,
    readonly found: unknown,
    options?: { cause?: unknown },
  ) {
    super(`circuit-breaker: expected policy.${field} to be ${expected}, found ${show(found)}`, options);
    this.name = 'InvalidPolicyError';
  }
}

/** A constructor or method option (not the policy) is invalid: a missing store, an empty name, ... */
export class InvalidOptionError extends Error {
  readonly code = 'EINVALIDOPTION' as const;
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: unknown,
    options?: { cause?: unknown },
  ) {
    super(`circuit-breaker: expected ${option} to be ${expected}, found ${show(found)}`, options);
    this.name = 'InvalidOptionError';
  }
}

/** A stored record does not have the {@link BreakerRecord} shape (a store read garbage). */
export class InvalidRecordError extends Error {
  readonly code = 'EINVALIDRECORD' as const;
  constructor(
    /** The breaker name whose record is invalid. */
    readonly breaker: string,
    /** Human-readable problems, e.g. `circuit.status: Invalid option`. */
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `circuit-breaker: expected a valid breaker record for "${breaker}", found: ${issues.join('; ')}`,
      options,
    );
    this.name = 'InvalidRecordError';
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
