import { InvalidOptionError, type SinkError } from './errors.js';
import { owned } from './owned.js';
import type { Clock, TransitionSink } from './types.js';

/** Options of `machine.start(snapshot?, opts?)`. */
export interface StartOptions {
  /**
   * Source of time for history entries and records. A clock that goes back is
   * clamped to the last timestamp, so `at` never decreases.
   * @default Date (wall clock)
   */
  readonly clock?: Clock;
  /**
   * Where every transition is written (an `EventLog`, an `SqliteAuditSink`, your own).
   * @default []
   */
  readonly sinks?: readonly TransitionSink[];
  /**
   * The entity this actor is about (recorded as `entity_id`), e.g. a task id.
   * @default the machine id
   */
  readonly entity?: string;
  /**
   * Who drives the actor (recorded as `metadata.actor` and in the SQLite `actor` column).
   * @default none
   */
  readonly actor?: string;
  /**
   * Extra fields recorded as `metadata` of every transition.
   * @default {}
   */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Called when a sink fails. Failures are also kept until `actor.flush()`, which rejects with the first.
   * @default none
   */
  readonly onSinkError?: (error: SinkError) => void;
}

/** {@link StartOptions} normalised. */
export interface ResolvedStartOptions {
  readonly clock: Clock;
  readonly sinks: readonly TransitionSink[];
  readonly entity: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly onSinkError: ((error: SinkError) => void) | undefined;
}

/** Checks and normalises the options of `start` (the one edge where loose input is accepted). */
export function resolveStartOptions(machineId: string, opts: StartOptions = {}): ResolvedStartOptions {
  const clock = opts.clock ?? Date;
  if (typeof clock?.now !== 'function') throw new InvalidOptionError('clock', 'an object with now()', clock);
  const sinks = opts.sinks ?? [];
  if (!Array.isArray(sinks)) throw new InvalidOptionError('sinks', 'an array of sinks', sinks);
  sinks.forEach((sink, i) => {
    if (typeof sink?.write !== 'function')
      throw new InvalidOptionError(`sinks[${i}]`, 'an object with write()', sink);
  });
  const entity = opts.entity ?? machineId;
  if (typeof entity !== 'string' || entity === '')
    throw new InvalidOptionError('entity', 'a non-empty string', entity);
  if (opts.actor !== undefined && typeof opts.actor !== 'string') {
    throw new InvalidOptionError('actor', 'a string', opts.actor);
  }
  const metadata = { ...(opts.metadata ?? {}), ...(opts.actor === undefined ? {} : { actor: opts.actor }) };
  // copied and frozen once: every record shares it, and the caller's objects stay theirs
  return { clock, sinks: [...sinks], entity, metadata: owned(metadata), onSinkError: opts.onSinkError };
}
