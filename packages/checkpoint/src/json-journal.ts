import { join } from 'node:path';
import { readJson } from '@steadystate/atomic-write';
import type { EntryFile } from './json-entry-file.js';
import { mapLimit, removeFile } from './json-files.js';
import type { Entry } from './types.js';

/* The JSON backend's restore redo journal: a restore writes it first, then applies it. */

/** Every key's final entry and the keys to delete: what a restore leaves. */
export interface Journal {
  puts: Array<[string, Entry]>;
  deletes: string[];
}

/** The journal's file in the namespace folder `root`. */
export const journalPath = (root: string): string => join(root, 'restore.journal.json');

/**
 * Finishes the restore whose journal is in `root`, if any, then removes the journal. Idempotent
 * (the journal holds the final entries), so a crash mid-restore is finished by the next writer.
 * The caller holds the namespace lock; `writeEntry` replaces a key's file atomically.
 */
export async function replayJournal(
  root: string,
  writeEntry: (key: string, file: EntryFile) => Promise<void>,
  removeEntry: (key: string) => Promise<void>,
): Promise<void> {
  const path = journalPath(root);
  const journal = await readJson<Journal>(path);
  if (!journal) return;
  await mapLimit(journal.puts, 16, ([key, e]) => writeEntry(key, { key, ...e }));
  await mapLimit(journal.deletes, 16, removeEntry);
  await removeFile(path);
}
