import { inspect } from 'node:util';

/** Short text of any value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value instanceof Error) return value.message || value.name;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // a cycle, a BigInt, a throwing toJSON: String() may throw too (null prototype)
    return inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
  }
}

function expectation(allowed: readonly string[]): string {
  if (allowed.length === 0) return 'no event';
  return `one of ${allowed.map((i) => JSON.stringify(i)).join(', ')}`;
}

/**
 * An event was sent that the current state has no transition for. Never silently
 * ignored: `actor.can(event)` asks first.
 */
export class InvalidTransitionError extends Error {
  readonly code = 'EINVALIDTRANSITION' as const;
  constructor(
    /** The machine id. */
    readonly machine: string,
    /** The state the actor was in. */
    readonly state: string,
    /** The event that has no transition there. */
    readonly event: string,
    /** The events the state accepts (empty in a terminal state). */
    readonly allowed: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected ${expectation(allowed)} in state ${JSON.stringify(state)} of machine ${JSON.stringify(machine)}, found event ${JSON.stringify(event)}`,
      options,
    );
    this.name = 'InvalidTransitionError';
  }
}

/** The transition exists but its guard returned false for this context and event. */
export class GuardRejectedError extends Error {
  readonly code = 'EGUARD' as const;
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
    /** Where the transition would have gone. */
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected the guard of ${JSON.stringify(state)} --${event}--> ${JSON.stringify(target)} in machine ${JSON.stringify(machine)} to pass, found it returned false`,
      options,
    );
    this.name = 'GuardRejectedError';
  }
}

/**
 * An action returned a context the actor could not be resumed from (`undefined` from an action
 * that forgot `return`, `null`, an array, ... where the machine's initial context is an object).
 * Refused at `send`, the actor unchanged, so `snapshot()` never makes a snapshot `start()` rejects.
 */
export class InvalidContextError extends Error {
  readonly code = 'ECONTEXT' as const;
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
    /** Where the transition would have gone. */
    readonly target: string,
    /** What the action returned, described (e.g. `undefined`, `an array (2 items)`). */
    readonly found: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected the action of ${JSON.stringify(state)} --${event}--> ${JSON.stringify(target)} in machine ${JSON.stringify(machine)} to return a plain object like the machine's initial context, found ${found}`,
      options,
    );
    this.name = 'InvalidContextError';
  }
}

/** A snapshot does not fit the machine it is started on (wrong id, unknown state, broken history, ...). */
export class SnapshotError extends Error {
  readonly code = 'ESNAPSHOT' as const;
  constructor(
    readonly machine: string,
    /** What is wrong, e.g. `state "x" is not a state of the machine`. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected a valid snapshot of machine ${JSON.stringify(machine)}, found ${problem}`,
      options,
    );
    this.name = 'SnapshotError';
  }
}

/** The definition given to `defineMachine` is inconsistent (unknown target, terminal state with transitions, ...). */
export class MachineDefinitionError extends Error {
  readonly code = 'EDEFINITION' as const;
  constructor(
    readonly machine: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected a consistent definition of machine ${JSON.stringify(machine)}, found ${problem}`,
      options,
    );
    this.name = 'MachineDefinitionError';
  }
}

/** A transition sink failed to record a transition (the transition itself happened). */
export class SinkError extends Error {
  readonly code = 'ESINK' as const;
  constructor(
    readonly machine: string,
    /** Sequence number of the transition that was not recorded. */
    readonly seq: number,
    /** Index of the sink in `opts.sinks`. */
    readonly sink: number,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected sink #${sink} to record transition ${seq} of machine ${JSON.stringify(machine)}, found: ${show(options?.cause)}`,
      options,
    );
    this.name = 'SinkError';
  }
}

/** The event log on disk is not what it should be (a torn line, a broken hash chain, ...). */
export class EventLogCorruptError extends Error {
  readonly code = 'ELOGCORRUPT' as const;
  constructor(
    readonly path: string,
    /** 1-based line number in `path`. */
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`state-machine: expected a valid event log line at ${path}:${line}, found ${reason}`, options);
    this.name = 'EventLogCorruptError';
  }
}

/** An option has an unusable value. */
export class InvalidOptionError extends Error {
  readonly code = 'EINVALIDOPTION' as const;
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: unknown,
    options?: { cause?: unknown },
  ) {
    super(`state-machine: expected ${option} to be ${expected}, found ${show(found)}`, options);
    this.name = 'InvalidOptionError';
  }
}

/** The audit database has a schema this code cannot use (newer than the code, or a failed migration). */
export class SchemaVersionError extends Error {
  readonly code = 'ESCHEMAVERSION' as const;
  constructor(
    /** Database file. */
    readonly file: string,
    /** Highest migration this code knows. */
    readonly expected: number,
    /** Highest migration recorded in the database. */
    readonly found: number,
    options?: { cause?: unknown },
  ) {
    super(
      `state-machine: expected audit schema version <= ${expected} in ${file}, found ${found}${options?.cause ? ` (${show(options.cause)})` : ''}`,
      options,
    );
    this.name = 'SchemaVersionError';
  }
}
