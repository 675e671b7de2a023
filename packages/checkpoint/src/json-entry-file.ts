import { readFile, rename } from 'node:fs/promises';
import { CorruptFileError } from '@steadystate/atomic-write';
import { CorruptEntryError } from './errors.js';
import { exists } from './json-files.js';
import type { Entry } from './types.js';

/* One key's file in the JSON backend, as it is on disk: missing, readable, or corrupt. */

/** What the JSON backend writes for a key: `{ key, revision, updatedAt, value }`, in that order. */
export type EntryFile = Entry & { key: string };

/** The entry an entry file holds (without its key). */
export function toEntry(e: EntryFile): Entry {
  return { value: e.value, revision: e.revision, updatedAt: e.updatedAt };
}

/** An entry file read back: a corrupt one keeps the revision its bytes still show. */
export type EntryOnDisk =
  | { state: 'missing' }
  | { state: 'ok'; entry: EntryFile }
  | { state: 'corrupt'; error: CorruptEntryError; revision: number };

/**
 * Reads `path` (the file of `key`). A file that is not JSON, or not an entry of that key, is
 * `corrupt`: nothing the backend writes can be left so (every write is an atomic replace),
 * so it was damaged from outside. Its revision is salvaged from the bytes when they still
 * hold it (a truncated file keeps its start), so a save over it keeps revisions increasing.
 */
export async function readEntryFile(path: string, key?: string): Promise<EntryOnDisk> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  let cause: unknown;
  try {
    const entry = JSON.parse(bytes.toString('utf8')) as EntryFile;
    if (isEntryOf(entry, key)) return { state: 'ok', entry };
    cause = new Error(
      key === undefined
        ? 'a JSON value that is not an entry'
        : `a JSON value that is not the entry of key ${JSON.stringify(key)}`,
    );
  } catch (error) {
    cause = new CorruptFileError(path, { cause: error, bytes: bytes.length, reason: 'invalid-json' });
  }
  const revision = salvagedRevision(bytes);
  const named = key ?? salvagedKey(bytes) ?? '(unknown: the file name is a hash)';
  return { state: 'corrupt', revision, error: new CorruptEntryError(named, path, revision, { cause }) };
}

function isEntryOf(e: unknown, key: string | undefined): e is EntryFile {
  const x = e as Partial<EntryFile> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.key === 'string' &&
    (key === undefined || x.key === key) &&
    Number.isSafeInteger(x.revision) &&
    (x.revision as number) > 0 &&
    typeof x.updatedAt === 'number' &&
    'value' in x
  );
}

/** The key at the start of the bytes (`{"key":"..."`), when it is whole. */
function salvagedKey(bytes: Buffer): string | undefined {
  const m = /^\{"key":("(?:[^"\\]|\\.)*")/.exec(bytes.toString('utf8'));
  try {
    return m ? (JSON.parse(m[1] as string) as string) : undefined;
  } catch {
    return undefined;
  }
}

/** The first `"revision":N` in the bytes, or 0. */
function salvagedRevision(bytes: Buffer): number {
  const m = /"revision":(\d{1,15})[,}]/.exec(bytes.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

/**
 * Renames a corrupt entry file to `<path>.corrupt-<UTC time>` (`-2`, `-3`, ... when that name is
 * taken: a copy kept earlier is never overwritten), bytes untouched and never listed as a key;
 * returns the new path. Runs under the namespace lock (state-file's `.corrupt-` names, alike).
 */
export async function moveAside(path: string, now = new Date()): Promise<string> {
  const base = `${path}.corrupt-${now.toISOString().replace(/[-:.]/g, '')}`;
  for (let n = 1; ; n++) {
    const aside = n === 1 ? base : `${base}-${n}`;
    if (await exists(aside)) continue;
    await rename(path, aside);
    return aside;
  }
}
