import * as z from 'zod/mini';
import type { Compiled } from './compile.js';
import { SnapshotError } from './errors.js';
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

/**
 * Checks that `raw` (typically parsed JSON) is a snapshot of this machine: same id, known
 * version, a known state, and a history that is a real walk of the machine ending there.
 */
export function validateSnapshot(machine: Compiled, raw: unknown): MachineSnapshot {
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
