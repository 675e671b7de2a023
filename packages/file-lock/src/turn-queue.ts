import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Identity, isAlive } from './identity.js';
import { errno, type Layout, quietly } from './layout.js';

/**
 * `<lockPath>.queue/`: one empty-named entry `<since>.<poller>` per process that
 * is waiting for the lock, holding its identity. A releaser hands the next turn to
 * the oldest live entry (token-file `next`), so processes get the lock in the order
 * they started waiting instead of whoever wakes up first, and a process that
 * releases and immediately locks again does not starve the others.
 *
 * Purely advisory: mutual exclusion never depends on it. An entry of a dead
 * process is pruned by the releaser that finds it; one of another host is
 * honoured at most for the hand-off grace period.
 */
export interface TurnEntry {
  since: number;
  poller: string;
}

export function entryName(entry: TurnEntry): string {
  return `${entry.since}.${entry.poller}`;
}

export function parseEntryName(name: string): TurnEntry | undefined {
  const dot = name.indexOf('.');
  const since = Number(name.slice(0, dot));
  const poller = name.slice(dot + 1);
  if (dot <= 0 || !Number.isFinite(since) || !/^[0-9a-f]+$/.test(poller)) return undefined;
  return { since, poller };
}

export function entryPath(layout: Layout, entry: TurnEntry): string {
  return join(layout.queueDir, entryName(entry));
}

/**
 * Enters the queue: the entry file is renamed from `idle.<poller>` when it exists
 * (no new file). Returns the entry's path (its doorbell).
 */
export async function joinQueue(layout: Layout, entry: TurnEntry, me: Identity): Promise<string> {
  const file = entryPath(layout, entry);
  try {
    renameSync(join(layout.queueDir, `idle.${entry.poller}`), file);
    return file;
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
  }
  mkdirSync(layout.queueDir, { recursive: true });
  writeFileSync(file, JSON.stringify(me));
  return file;
}

export async function leaveQueue(layout: Layout, entry: TurnEntry): Promise<void> {
  quietly(() =>
    renameSync(join(layout.queueDir, entryName(entry)), join(layout.queueDir, `idle.${entry.poller}`)),
  );
}

/**
 * The oldest live waiter other than `exclude`, or `candidate` (a waiter of the
 * releasing process itself) when that one has waited longer.
 */
export async function nextTurn(
  layout: Layout,
  exclude: string,
  candidate: TurnEntry | undefined,
  me: Identity,
): Promise<TurnEntry | undefined> {
  let names: string[];
  try {
    names = readdirSync(layout.queueDir);
  } catch (err) {
    if (errno(err) === 'ENOENT') return candidate;
    throw err;
  }
  const entries = names
    .map(parseEntryName)
    .filter((e): e is TurnEntry => e !== undefined && e.poller !== exclude)
    .sort((a, b) => a.since - b.since);
  for (const entry of entries.slice(0, 8)) {
    if (candidate && candidate.since <= entry.since) return candidate;
    const file = join(layout.queueDir, entryName(entry));
    let who: Identity | undefined;
    try {
      who = JSON.parse(readFileSync(file, 'utf8')) as Identity;
    } catch {
      continue; // just left the queue, or being written
    }
    if (isAlive(who, me) === false) {
      quietly(() => unlinkSync(file));
      continue;
    }
    return entry;
  }
  return candidate;
}
