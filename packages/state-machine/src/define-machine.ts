import { type Actor, MachineActor } from './actor.js';
import { compile } from './compile.js';
import { resolveStartOptions, type StartOptions } from './options.js';
import { type ContextShape, SNAPSHOT_VERSION, shapeOf, validateSnapshot } from './snapshot.js';
import type { MachineDefinition, MachineSnapshot } from './types.js';

export type { Actor } from './actor.js';

/** A defined machine: a checked transition table that starts actors. */
export interface Machine<S extends string = string, E extends string = string, C = unknown> {
  readonly id: string;
  readonly initial: S;
  /** Every state, in definition order. */
  readonly states: readonly S[];
  /** Every event that appears in some transition. */
  readonly events: readonly E[];
  /** The states that accept no event. */
  readonly terminalStates: readonly S[];
  /** The definition as given. */
  readonly definition: MachineDefinition<S, E, C>;
  /**
   * A fresh actor in `initial`, or one resumed from `snapshot` (typically parsed JSON), which
   * is validated against this machine first (`SnapshotError`): its context must be JSON data,
   * and a plain object when a fresh actor's context is one. The actor keeps a copy: changing
   * `snapshot` afterwards changes nothing.
   */
  start(snapshot?: MachineSnapshot<S, E, C> | unknown, opts?: StartOptions): Actor<S, E, C>;
  /** Events that have a transition from `state`. */
  allowed(state: S): E[];
  isTerminal(state: S): boolean;
  /** Every transition of the table (guards not evaluated): for tests, docs and diagrams. */
  transitions(): Array<{ from: S; event: E; to: S }>;
}

/** The state names of a machine type. */
export type StateOf<M> = M extends Machine<infer S, infer _E, infer _C> ? S : never;
/** The event names of a machine type. */
export type EventOf<M> = M extends Machine<infer _S, infer E, infer _C> ? E : never;
/** The context type of a machine type. */
export type ContextOf<M> = M extends Machine<infer _S, infer _E, infer C> ? C : never;

/**
 * Defines a machine from a plain transition table. State and event names are inferred as
 * literal types, targets must be states, `send` accepts only the machine's events.
 * Throws `MachineDefinitionError` (EDEFINITION) when the table is inconsistent at runtime.
 */
export function defineMachine<const S extends string, const E extends string = never, C = undefined>(
  def: MachineDefinition<S, E, C>,
): Machine<S, E, C> {
  const compiled = compile(def as MachineDefinition<string, string, unknown>);
  let shape: ContextShape | undefined; // from a fresh context: the first one started, or made on demand
  const contextShape = (): ContextShape => {
    shape ??= shapeOf(def.context?.());
    return shape;
  };
  return {
    id: compiled.id,
    initial: compiled.initial as S,
    states: compiled.states as S[],
    events: compiled.events as E[],
    terminalStates: compiled.states.filter((s) => compiled.terminal.has(s)) as S[],
    definition: def,
    start(snapshot?: unknown, opts?: StartOptions): Actor<S, E, C> {
      const resolved = resolveStartOptions(compiled.id, opts);
      let from: MachineSnapshot;
      if (snapshot === undefined) {
        const context = def.context?.();
        shape ??= shapeOf(context);
        from = {
          machine: compiled.id,
          version: SNAPSHOT_VERSION,
          state: compiled.initial,
          context,
          history: [],
          seq: 0,
        };
      } else {
        from = validateSnapshot(compiled, snapshot, contextShape());
      }
      return new MachineActor<S, E, C>(compiled, resolved, from as MachineSnapshot<S, E, C>, contextShape);
    },
    allowed(state: S): E[] {
      return [...(compiled.edges.get(state)?.keys() ?? [])] as E[];
    },
    isTerminal(state: S): boolean {
      return compiled.terminal.has(state);
    },
    transitions() {
      return [...compiled.edges].flatMap(([from, table]) =>
        [...table].map(([event, edge]) => ({ from: from as S, event: event as E, to: edge.target as S })),
      );
    },
  };
}
