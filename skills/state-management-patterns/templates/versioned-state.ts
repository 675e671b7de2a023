/**
 * One state module for one document: a zod schema with a `schemaVersion`, an exact migration
 * chain, defaults, and `openStateFile` for every read and write (lock, migrate, validate,
 * atomic write, `.bak`, corruption recovery). Seed 001's hard rules in one place.
 *
 * Copy into your project, then: npm install @steadystate/state-file @steadystate/schema-migration zod
 * Run: npx tsx versioned-state.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineVersioned } from '@steadystate/schema-migration';
import { openStateFile, type RecoverEvent } from '@steadystate/state-file';
import { z } from 'zod';

// v1 stored { user, theme }; v2 keeps preferences under `prefs` and adds a bounded history.
export const preferences = defineVersioned({
  name: 'preferences',
  version: '2.0.0',
  schema: z.object({
    user: z.string(),
    prefs: z.object({ theme: z.enum(['dark', 'light']) }),
    recent: z.array(z.string()).max(5), // bounded: seed 001 forbids unbounded growth
  }),
  defaults: () => ({ user: 'nobody', prefs: { theme: 'dark' as const }, recent: [] }),
  migrations: [
    {
      from: '1.0.0',
      to: '2.0.0',
      // `doc` is the v1 document (typed loosely: it is old data); the result is validated
      // against the current schema after the last step.
      up: ({ theme, ...doc }) => ({ ...doc, prefs: { theme }, recent: [] }),
    },
  ],
});

/** The single module through which the app touches its state file. */
export function openPreferences(path: string, onRecover?: (e: RecoverEvent) => void) {
  return openStateFile(path, preferences, onRecover ? { onRecover } : {});
}

export async function main(dir = mkdtempSync(join(tmpdir(), 'versioned-state-'))) {
  const path = join(dir, 'preferences.json');
  const recovered: string[] = [];
  try {
    // A file written by the previous release.
    writeFileSync(path, JSON.stringify({ schemaVersion: '1.0.0', user: 'ada', theme: 'light' }));
    const state = openPreferences(path, (e) =>
      recovered.push(`${e.restoredFrom} (${e.cause.message.slice(0, 40)}...)`),
    );

    const read = await state.read(); // migrated in memory, file untouched
    console.log(`read v1 as v2: ${JSON.stringify(read)}`);

    const opened = (file: string) =>
      state.update((draft) => {
        draft.recent = [file, ...draft.recent.filter((f) => f !== file)].slice(0, 5);
      });
    for (const f of ['a.txt', 'b.txt', 'a.txt']) await opened(f);
    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    console.log(`on disk: schemaVersion ${onDisk.schemaVersion}, recent ${onDisk.recent.join(',')}`);

    // A crash or a hand edit breaks the file: it is kept aside and the last good copy restored.
    writeFileSync(path, '{"schemaVersion":"2.0.0","user":');
    const repaired = await state.read();
    console.log(`after corruption: recent ${repaired.recent.join(',')}; recovered from ${recovered[0]}`);

    // Newer code wrote the file: refused, never rewritten.
    writeFileSync(path, JSON.stringify({ schemaVersion: '3.0.0', user: 'ada' }));
    let newer: string | undefined;
    try {
      await state.read();
    } catch (err) {
      newer = `${(err as { code?: string }).code} ${(err as { reason?: string }).reason}`;
      console.log(`file from newer code: ${newer}`);
    }
    return {
      migratedTheme: read.prefs.theme,
      recent: onDisk.recent as string[],
      schemaVersion: onDisk.schemaVersion as string,
      repairedRecent: repaired.recent,
      recoveredFrom: recovered.length,
      newer,
      corruptCopies: readdirSync(dir).filter((f) => f.includes('.corrupt-')).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
