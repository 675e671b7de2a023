import { MachineDefinitionError } from './errors.js';
import type { Action, Guard, MachineDefinition, Severity } from './types.js';

/** One transition, normalised. */
export interface Edge {
  readonly target: string;
  readonly guard: Guard<unknown> | undefined;
  readonly action: Action<unknown> | undefined;
  readonly severity: Severity;
}

/** A definition checked and turned into lookup tables. */
export interface Compiled {
  readonly id: string;
  readonly initial: string;
  readonly states: readonly string[];
  readonly events: readonly string[];
  readonly terminal: ReadonlySet<string>;
  /** state -> event -> edge */
  readonly edges: ReadonlyMap<string, ReadonlyMap<string, Edge>>;
}

const SEVERITIES = new Set(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);

/** Validates a definition at runtime (JavaScript callers, casts) and indexes it. */
export function compile(def: MachineDefinition<string, string, unknown>): Compiled {
  const id = def?.id;
  if (typeof id !== 'string' || id === '')
    throw new MachineDefinitionError(String(id), 'an id that is not a non-empty string');
  const fail = (problem: string) => new MachineDefinitionError(id, problem);
  if (typeof def.states !== 'object' || def.states === null) throw fail('no states object');
  const states = Object.keys(def.states);
  const known = new Set(states);
  if (!known.has(def.initial)) throw fail(`initial state ${JSON.stringify(def.initial)} that is not a state`);
  if (def.context !== undefined && typeof def.context !== 'function')
    throw fail('a context that is not a function');
  const edges = new Map<string, Map<string, Edge>>();
  const terminal = new Set<string>();
  const events = new Set<string>();
  for (const state of states) {
    const config = (def.states as Record<string, { on?: Record<string, unknown>; terminal?: boolean }>)[
      state
    ];
    const on = config?.on ?? {};
    const table = new Map<string, Edge>();
    if (config?.terminal === true) {
      if (Object.keys(on).length > 0) throw fail(`terminal state ${JSON.stringify(state)} with transitions`);
      terminal.add(state);
    }
    for (const [event, raw] of Object.entries(on)) {
      if (raw === undefined) continue;
      const edge = normaliseEdge(raw);
      if (edge === undefined)
        throw fail(`transition ${state} --${event}--> that is neither a state name nor { target }`);
      if (!known.has(edge.target)) {
        throw fail(
          `transition ${state} --${event}--> ${JSON.stringify(edge.target)} to a state that does not exist`,
        );
      }
      if (!SEVERITIES.has(edge.severity))
        throw fail(`severity ${JSON.stringify(edge.severity)} on ${state} --${event}-->`);
      table.set(event, edge);
      events.add(event);
    }
    edges.set(state, table);
  }
  return { id, initial: def.initial, states, events: [...events], terminal, edges };
}

function normaliseEdge(raw: unknown): Edge | undefined {
  if (typeof raw === 'string') return { target: raw, guard: undefined, action: undefined, severity: 'INFO' };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { target?: unknown; guard?: unknown; action?: unknown; severity?: unknown };
  if (typeof r.target !== 'string') return undefined;
  if (r.guard !== undefined && typeof r.guard !== 'function') return undefined;
  if (r.action !== undefined && typeof r.action !== 'function') return undefined;
  return {
    target: r.target,
    guard: r.guard as Guard<unknown> | undefined,
    action: r.action as Action<unknown> | undefined,
    severity: (r.severity ?? 'INFO') as Severity,
  };
}
