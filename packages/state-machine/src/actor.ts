import { randomUUID } from 'node:crypto';
import type { Compiled, Edge } from './compile.js';
import { GuardRejectedError, InvalidContextError, InvalidTransitionError, SinkError } from './errors.js';
import type { ResolvedStartOptions } from './options.js';
import { owned, ownedEntry } from './owned.js';
import { type ContextShape, describe, fitsShape, SNAPSHOT_VERSION, snapshotContext } from './snapshot.js';
import type { EventObject, HistoryEntry, MachineSnapshot, Transition, TransitionRecord } from './types.js';

/** A running instance of a machine: its state, context and history. */
export interface Actor<S extends string = string, E extends string = string, C = unknown> {
  /** The machine id. */
  readonly machine: string;
  /** The entity id recorded with every transition. */
  readonly entity: string;
  readonly state: S;
  /**
   * The context, deeply frozen (plain objects and arrays): it changes only through `send`.
   * Writing to it throws a `TypeError`; so does an action that mutates the context it is given.
   */
  readonly context: C;
  /**
   * Append-only (seed 002 §8.5); `seq` is contiguous from 1 and `at` never decreases. A frozen
   * array of frozen entries: reading it twice without a `send` between gives the same array,
   * the first read after a `send` copies the entries' references (O(length), never on `send`).
   * An array read earlier keeps the entries it had.
   */
  readonly history: readonly HistoryEntry<S, E>[];
  /** True in a terminal state (which accepts no event). */
  readonly done: boolean;
  /**
   * Takes the transition for `event` from the current state. Throws `InvalidTransitionError`
   * when there is none, `GuardRejectedError` when its guard returns false and `InvalidContextError`
   * when its action returns a context a snapshot could not be resumed from; the actor is then unchanged.
   * The returned `record` is the one every sink gets, deeply frozen.
   */
  send(event: E | EventObject<E>): Transition<S, E, C>;
  /** Whether `send(event)` would succeed now (transition exists and its guard passes). */
  can(event: E | EventObject<E>): boolean;
  /** Events that have a transition from the current state (guards not evaluated). */
  allowed(): E[];
  /**
   * A JSON-serialisable copy to persist, shared with nothing: changing it does not change the
   * actor; `machine.start(snapshot)` resumes from it. A context that is not JSON data (a `Date`,
   * a `Map`, a function, `NaN`, ...) could not be resumed: `SnapshotError` naming where.
   */
  snapshot(): MachineSnapshot<S, E, C>;
  /** Waits for asynchronous sinks; rejects with the first `SinkError` since the last flush. */
  flush(): Promise<void>;
}

/** Internal: the Actor implementation behind `machine.start`. */
export class MachineActor<S extends string, E extends string, C> implements Actor<S, E, C> {
  #state: S;
  #context: C;
  readonly #history: HistoryEntry<S, E>[];
  /** The frozen copy `history` hands out, until the next `send`. */
  #view: readonly HistoryEntry<S, E>[] | undefined;
  #seq: number;
  readonly #tails: Array<Promise<void> | undefined>;
  #errors: SinkError[] = [];

  constructor(
    readonly compiled: Compiled,
    readonly opts: ResolvedStartOptions,
    from: MachineSnapshot<S, E, C>,
    /** The context shape `start(snapshot)` requires: what an action returns must have it. */
    readonly contextShape: () => ContextShape,
  ) {
    this.#state = from.state;
    this.#context = owned(from.context);
    this.#history = from.history.map(ownedEntry);
    this.#seq = from.seq;
    this.#tails = opts.sinks.map(() => undefined);
  }

  get machine(): string {
    return this.compiled.id;
  }
  get entity(): string {
    return this.opts.entity;
  }
  get state(): S {
    return this.#state;
  }
  get context(): C {
    return this.#context;
  }
  get history(): readonly HistoryEntry<S, E>[] {
    this.#view ??= Object.freeze(this.#history.slice());
    return this.#view;
  }
  get done(): boolean {
    return this.compiled.terminal.has(this.#state);
  }

  allowed(): E[] {
    return [...(this.compiled.edges.get(this.#state)?.keys() ?? [])] as E[];
  }

  can(event: E | EventObject<E>): boolean {
    const ev = toEventObject(event);
    const edge = this.compiled.edges.get(this.#state)?.get(ev.type);
    return edge !== undefined && (edge.guard === undefined || edge.guard(this.#context, ev) === true);
  }

  send(event: E | EventObject<E>): Transition<S, E, C> {
    const ev = toEventObject(event);
    const edge = this.#edgeFor(ev);
    const context = edge.action === undefined ? this.#context : this.#act(edge.action, edge, ev);
    const last = this.#history.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    const at = Math.max(this.opts.clock.now(), last); // a clock that goes back is clamped
    const entry: HistoryEntry<S, E> = Object.freeze({
      seq: this.#seq + 1,
      from: this.#state,
      to: edge.target as S,
      event: ev.type,
      at,
    });
    const record = this.#record(entry, edge, ev);
    this.#state = entry.to;
    this.#context = context;
    this.#seq = entry.seq;
    this.#history.push(entry);
    this.#view = undefined;
    this.#emit(record, entry.seq);
    return { ...entry, context, record };
  }

  snapshot(): MachineSnapshot<S, E, C> {
    return {
      machine: this.compiled.id,
      version: SNAPSHOT_VERSION,
      state: this.#state,
      context: snapshotContext(this.compiled.id, this.#context),
      history: this.#history.map((h) => ({ ...h })),
      seq: this.#seq,
    };
  }

  async flush(): Promise<void> {
    await Promise.all(this.#tails);
    const [first] = this.#errors;
    this.#errors = [];
    if (first !== undefined) throw first;
  }

  #edgeFor(ev: EventObject<E>): Edge {
    const edge = this.compiled.edges.get(this.#state)?.get(ev.type);
    if (edge === undefined) {
      throw new InvalidTransitionError(this.compiled.id, this.#state, String(ev.type), this.allowed());
    }
    if (edge.guard !== undefined && edge.guard(this.#context, ev) !== true) {
      throw new GuardRejectedError(this.compiled.id, this.#state, ev.type, edge.target);
    }
    return edge;
  }

  /** The context the action returns, owned; one a snapshot could not be resumed from is refused. */
  #act(action: NonNullable<Edge['action']>, edge: Edge, ev: EventObject<E>): C {
    const next = owned(action(this.#context, ev) as C);
    if (!fitsShape(next, this.contextShape())) {
      throw new InvalidContextError(this.compiled.id, this.#state, ev.type, edge.target, describe(next));
    }
    return next;
  }

  /**
   * The record every sink gets, deeply frozen: its plain objects and arrays are copied (as a
   * context is), so a payload the caller changes after `send` changes no sink's record.
   */
  #record(entry: HistoryEntry<S, E>, edge: Edge, ev: EventObject<E>): TransitionRecord {
    const { type: _type, ...payload } = ev;
    return owned({
      event_id: randomUUID(),
      timestamp: new Date(entry.at).toISOString(),
      entity_type: this.compiled.id,
      entity_id: this.opts.entity,
      event_type: entry.event,
      from_state: entry.from,
      to_state: entry.to,
      severity: edge.severity,
      payload: { ...payload, seq: entry.seq },
      metadata: this.opts.metadata, // owned once by start
    });
  }

  /** Hands the record to every sink, in order per sink; a sync sink runs before `send` returns. */
  #emit(record: TransitionRecord, seq: number): void {
    this.opts.sinks.forEach((sink, i) => {
      const fail = (cause: unknown) => {
        const error = new SinkError(this.compiled.id, seq, i, { cause });
        this.#errors.push(error);
        this.opts.onSinkError?.(error);
      };
      const write = (): Promise<void> | undefined => {
        try {
          const result = sink.write(record);
          return result instanceof Promise ? result.catch(fail) : undefined;
        } catch (cause) {
          fail(cause);
          return undefined;
        }
      };
      const tail = this.#tails[i];
      const next = tail === undefined ? write() : tail.then(write);
      if (next === undefined) return;
      const settled: Promise<void> = next.then(() => {
        if (this.#tails[i] === settled) this.#tails[i] = undefined;
      });
      this.#tails[i] = settled;
    });
  }
}

function toEventObject<E extends string>(event: E | EventObject<E>): EventObject<E> {
  return typeof event === 'string' ? { type: event } : event;
}
