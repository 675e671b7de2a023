import { open, readFile, rename } from 'node:fs/promises';
import type { BreakerEvent } from '@steadystate/circuit-breaker';
import { logPath } from './paths.js';

/** One line of the transition log. */
export interface LogEntry {
  /** ISO time of the transition, for people reading the file. */
  time: string;
  /** ms since the epoch. */
  at: number;
  hook: string;
  type: BreakerEvent['type'];
  from: BreakerEvent['from'];
  to: BreakerEvent['to'];
  reason?: string;
  error?: string;
}

/** Rotate when the log passes this size. */
export const MAX_LOG_BYTES = 1024 * 1024;
/** Rotated files kept: transitions.jsonl.1 .. .3. */
export const KEEP_ROTATED = 3;

/**
 * Appends one event as a JSON line (O_APPEND: lines of parallel writers never
 * interleave). The writer whose line crosses {@link MAX_LOG_BYTES} rotates:
 * `.2` -> `.3`, `.1` -> `.2`, current -> `.1`.
 */
export async function appendTransition(dir: string, event: BreakerEvent & { hook: string }): Promise<void> {
  const entry: LogEntry = {
    time: new Date(event.at).toISOString(),
    at: event.at,
    hook: event.hook,
    type: event.type,
    from: event.from,
    to: event.to,
  };
  if (event.reason !== undefined) entry.reason = event.reason;
  if (event.error !== undefined) entry.error = event.error;
  const line = Buffer.from(`${JSON.stringify(entry)}\n`);
  const file = logPath(dir);
  const handle = await open(file, 'a', 0o600);
  let size: number;
  try {
    await handle.write(line);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const crossed = size >= MAX_LOG_BYTES && size - line.length < MAX_LOG_BYTES;
  if (crossed || size >= 2 * MAX_LOG_BYTES) await rotate(file);
}

async function rotate(file: string): Promise<void> {
  for (let i = KEEP_ROTATED - 1; i >= 1; i--) {
    await rename(`${file}.${i}`, `${file}.${i + 1}`).catch(ignoreMissing);
  }
  await rename(file, `${file}.1`).catch(ignoreMissing);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/**
 * The last `limit` entries (all when omitted), oldest first, newest last, by `at`;
 * torn lines skipped. Lines are appended when a transition is noticed, which can be
 * after its time (a half-open transition is dated at the end of the cooldown, noticed
 * at the next call), so they are sorted by `at`, stably: entries of the same time keep
 * the order they were written in.
 */
export async function readTransitions(dir: string, opts: { limit?: number } = {}): Promise<LogEntry[]> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const file = logPath(dir);
  const chunks: LogEntry[][] = [];
  let count = 0;
  for (let i = 0; i <= KEEP_ROTATED && count < limit; i++) {
    const entries = await readEntries(i === 0 ? file : `${file}.${i}`);
    if (entries === undefined) {
      if (i === 0) continue;
      break;
    }
    chunks.unshift(entries);
    count += entries.length;
  }
  const all = chunks.flat().sort((a, b) => a.at - b.at);
  return Number.isFinite(limit) ? all.slice(Math.max(0, all.length - limit)) : all;
}

async function readEntries(file: string): Promise<LogEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const value = JSON.parse(line) as LogEntry;
      if (value && typeof value === 'object' && typeof value.at === 'number') entries.push(value);
    } catch {
      // a torn line from a killed writer: skip it
    }
  }
  return entries;
}
