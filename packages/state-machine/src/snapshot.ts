import * as z from 'zod/mini';
import type { Compiled } from './compile.js';
import { SnapshotError, show } from './errors.js';
import { jsonProblem } from './json-data.js';
import { isPlainData } from './owned.js';
import type { HistoryEntry, MachineSnapshot } from './types.js';

/** Snapshot format version written by `actor.snapshot()`. */
export const SNAPSHOT_VERSION = 1;

const entrySchema = z.object({
  seq: z.int().check(z.positive()),
  from: z.string(),
  to: z.string(),
  event: z.string(),
  at: z.number().check(z.refine(Number.isFinite, 'a finite number')),
});

const snapshotSchema = z.object({
  machine: z.string(),
  version: z.number(),
  state: z.string(),
  context: z.optional(z.unknown()),
  history: z.array(entrySchema),
  seq: z.int().check(z.nonnegative()),
});

/** What a snapshot's context must be: a plain object (when a fresh actor's context is one), or any JSON value. */
export type ContextShape = 'object' | 'json';

/**
 * Checks that `raw` (typically parsed JSON) is a snapshot of this machine: same id, known
 * version, a known state, a history that is a real walk of the machine ending there, and a
 * context that is JSON data (a plain object when `shape` is `'object'`). The snapshot's
 * objects are not kept: the actor copies what it takes.
 */
export function validateSnapshot(machine: Compiled, raw: unknown, shape: ContextShape): MachineSnapshot {
  const fail = (problem: string, cause?: unknown) => new SnapshotError(machine.id, problem, { cause });
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`a malformed snapshot (${issue?.path.join('.') || 'root'}: ${issue?.message})`, parsed.error);
  }
  const snap = parsed.data;
  if (snap.machine !== machine.id) throw fail(`a snapshot of machine ${JSON.stringify(snap.machine)}`);
  if (snap.version !== SNAPSHOT_VERSION)
    throw fail(`snapshot version ${snap.version} (this code reads ${SNAPSHOT_VERSION})`);
  if (!machine.edges.has(snap.state))
    throw fail(`state ${JSON.stringify(snap.state)}, which is not a state of the machine`);
  checkContext(snap.context, shape, fail);
  checkHistory(machine, snap.history, fail);
  const last = snap.history.at(-1);
  if (last !== undefined) {
    if (last.to !== snap.state)
      throw fail(`history ending in ${JSON.stringify(last.to)} but state ${JSON.stringify(snap.state)}`);
    if (last.seq !== snap.seq) throw fail(`seq ${snap.seq} but the last history entry has seq ${last.seq}`);
  } else if (snap.seq !== 0) {
    throw fail(`seq ${snap.seq} with an empty history`);
  }
  return { ...snap, version: SNAPSHOT_VERSION, context: snap.context };
}

/** A context of the given shape made of JSON data, else the SnapshotError saying what was found. */
function checkContext(context: unknown, shape: ContextShape, fail: (p: string) => SnapshotError): void {
  if (!fitsShape(context, shape))
    throw fail(`context ${describe(context)}, not a plain JSON object like the machine's initial context`);
  const problem = context === undefined ? undefined : jsonProblem(context, 'context');
  if (problem !== undefined) throw fail(`${problem}, which is not JSON data`);
}

/** The shape of a machine's contexts, from a fresh one. */
export function shapeOf(fresh: unknown): ContextShape {
  return isPlainData(fresh) && !Array.isArray(fresh) ? 'object' : 'json';
}

/**
 * Whether `context` has the shape `start(snapshot)` requires (a plain object when the machine's
 * is one); the JSON-data check is separate (a live actor may hold a `Date`, `snapshot()` refuses it).
 */
export function fitsShape(context: unknown, shape: ContextShape): boolean {
  return shape === 'json' || (isPlainData(context) && !Array.isArray(context));
}

/** Short description of a value for error messages. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array (${value.length} items)`;
  if (typeof value === 'object' && value !== null)
    return `a ${value.constructor?.name ?? 'non-plain object'}`;
  const text = show(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A copy of an actor's context for its snapshot: JSON data, not shared with the actor.
 * A context that is not JSON data could not be resumed: `SnapshotError` naming where.
 */
export function snapshotContext<C>(machine: string, context: C): C {
  const problem = context === undefined ? undefined : jsonProblem(context, 'context');
  if (problem !== undefined) throw new SnapshotError(machine, `${problem}, which is not JSON data`);
  return structuredClone(context);
}

function checkHistory(
  machine: Compiled,
  history: readonly HistoryEntry[],
  fail: (p: string) => SnapshotError,
): void {
  let prev: HistoryEntry | undefined;
  for (const [i, entry] of history.entries()) {
    const where = `history[${i}]`;
    if (prev === undefined) {
      if (entry.seq !== 1) throw fail(`${where}.seq ${entry.seq} (history starts at 1)`);
      if (entry.from !== machine.initial)
        throw fail(`${where} leaving ${JSON.stringify(entry.from)}, not the initial state`);
    } else {
      if (entry.seq !== prev.seq + 1)
        throw fail(`${where}.seq ${entry.seq} after ${prev.seq} (not contiguous)`);
      if (entry.from !== prev.to)
        throw fail(
          `${where} leaving ${JSON.stringify(entry.from)} after arriving in ${JSON.stringify(prev.to)}`,
        );
      if (entry.at < prev.at)
        throw fail(`${where}.at ${entry.at} before the previous ${prev.at} (time went back)`);
    }
    const target = machine.edges.get(entry.from)?.get(entry.event)?.target;
    if (target === undefined || target !== entry.to) {
      throw fail(
        `${where} ${entry.from} --${entry.event}--> ${entry.to}, which is not a transition of the machine`,
      );
    }
    prev = entry;
  }
}
