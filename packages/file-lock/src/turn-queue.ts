import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Identity, isAlive } from './identity.js';
import { errno, type Layout } from './layout.js';

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

export async function joinQueue(layout: Layout, entry: TurnEntry, me: Identity): Promise<void> {
  const file = join(layout.queueDir, entryName(entry));
  try {
    await writeFile(file, JSON.stringify(me));
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
    await mkdir(layout.queueDir, { recursive: true });
    await writeFile(file, JSON.stringify(me));
  }
}

export async function leaveQueue(layout: Layout, entry: TurnEntry): Promise<void> {
  await unlink(join(layout.queueDir, entryName(entry))).catch(() => {});
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
    names = await readdir(layout.queueDir);
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
      who = JSON.parse(await readFile(file, 'utf8')) as Identity;
    } catch {
      continue; // just left the queue, or being written
    }
    if (isAlive(who, me) === false) {
      await unlink(file).catch(() => {});
      continue;
    }
    return entry;
  }
  return candidate;
}
