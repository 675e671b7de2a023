/** Severity levels of seed 002's canonical event schema (§7.1). */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** An event as an object: its `type` plus any payload fields. */
export interface EventObject<E extends string = string> {
  readonly type: E;
  readonly [key: string]: unknown;
}

/** Guard: the transition is taken only when it returns true (otherwise `GuardRejectedError`). */
export type Guard<C, E extends string = string> = (context: C, event: EventObject<E>) => boolean;
/** Action: returns the next context (do not mutate the one given). */
export type Action<C, E extends string = string> = (context: C, event: EventObject<E>) => C;

/** Where an event leads: a target state name, or a target with a guard, an action and a severity. */
export type TransitionConfig<S extends string, E extends string, C> =
  | S
  | {
      readonly target: S;
      readonly guard?: Guard<C, E>;
      readonly action?: Action<C, E>;
      /**
       * Severity of the recorded event.
       * @default 'INFO'
       */
      readonly severity?: Severity;
    };

/** A state: its transitions, or `terminal: true` (a terminal state accepts no event). */
export type StateConfig<S extends string, E extends string, C> =
  | { readonly on?: { readonly [K in E]?: TransitionConfig<S, K, C> }; readonly terminal?: false }
  | { readonly terminal: true; readonly on?: undefined };

/** What `defineMachine` takes. `S`, `E` and `C` are inferred as literal types. */
export interface MachineDefinition<S extends string = string, E extends string = string, C = unknown> {
  /** Machine id: recorded as `entity_type` and checked when a snapshot is restored. */
  readonly id: string;
  /** The state a fresh actor starts in. */
  readonly initial: NoInfer<S>;
  /**
   * Makes the initial context of a fresh actor.
   * @default () => undefined
   */
  readonly context?: () => C;
  readonly states: { readonly [K in S]: StateConfig<NoInfer<S>, E, NoInfer<C>> };
}

/** One entry of an actor's append-only history. `at` (epoch ms) never decreases. */
export interface HistoryEntry<S extends string = string, E extends string = string> {
  readonly seq: number;
  readonly from: S;
  readonly to: S;
  readonly event: E;
  readonly at: number;
}

/**
 * A transition as written to sinks: seed 002's canonical event fields (§7.1).
 * `payload` holds the sequence number and the event's payload fields.
 */
export interface TransitionRecord {
  /** Unique id of this event (a UUID). */
  readonly event_id: string;
  /** ISO 8601 time of the transition (never before the previous one of the same actor). */
  readonly timestamp: string;
  /** The machine id. */
  readonly entity_type: string;
  /** The actor's entity id (`start(..., { entity })`, default the machine id). */
  readonly entity_id: string;
  /** The event name. */
  readonly event_type: string;
  readonly from_state: string | null;
  readonly to_state: string | null;
  readonly severity: Severity;
  /** `{ seq, ...event payload }`. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The `metadata` given to `start`, plus `actor` when given. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Receives every transition of the actors it is given to. */
export interface TransitionSink {
  write(record: TransitionRecord): void | Promise<void>;
}

/** What `actor.send` returns. */
export interface Transition<S extends string = string, E extends string = string, C = unknown>
  extends HistoryEntry<S, E> {
  readonly context: C;
  readonly record: TransitionRecord;
}

/** The persisted form of an actor: JSON-serialisable when the context is. */
export interface MachineSnapshot<S extends string = string, E extends string = string, C = unknown> {
  readonly machine: string;
  readonly version: 1;
  readonly state: S;
  readonly context: C;
  readonly history: readonly HistoryEntry<S, E>[];
  /** Sequence number of the last transition (0 before any). */
  readonly seq: number;
}

/** A source of time in epoch milliseconds. */
export interface Clock {
  now(): number;
}
