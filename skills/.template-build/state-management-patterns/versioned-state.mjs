import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineVersioned } from '@steadystate/schema-migration';
import { openStateFile } from '@steadystate/state-file';
import { z } from 'zod';

const preferences = defineVersioned({
  name: 'preferences',
  version: '2.0.0',
  schema: z.object({
    user: z.string(),
    prefs: z.object({ theme: z.enum(['dark', 'light']) }),
    recent: z.array(z.string()).max(5),
    // bounded: seed 001 forbids unbounded growth
  }),
  defaults: () => ({ user: 'nobody', prefs: { theme: 'dark' }, recent: [] }),
  migrations: [
    {
      from: '1.0.0',
      to: '2.0.0',
      up: (doc) => ({
        user: doc.user,
        prefs: { theme: doc.theme },
        recent: [],
      }),
    },
  ],
});
function openPreferences(path, onRecover) {
  return openStateFile(path, preferences, onRecover ? { onRecover } : {});
}
async function main(dir = mkdtempSync(join(tmpdir(), 'versioned-state-'))) {
  const path = join(dir, 'preferences.json');
  const recovered = [];
  try {
    writeFileSync(path, JSON.stringify({ schemaVersion: '1.0.0', user: 'ada', theme: 'light' }));
    const state = openPreferences(path, (e) =>
      recovered.push(`${e.restoredFrom} (${e.cause.message.slice(0, 40)}...)`),
    );
    const read = await state.read();
    console.log(`read v1 as v2: ${JSON.stringify(read)}`);
    const opened = (file) =>
      state.update((draft) => {
        draft.recent = [file, ...draft.recent.filter((f) => f !== file)].slice(0, 5);
      });
    for (const f of ['a.txt', 'b.txt', 'a.txt']) await opened(f);
    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    console.log(`on disk: schemaVersion ${onDisk.schemaVersion}, recent ${onDisk.recent.join(',')}`);
    writeFileSync(path, '{"schemaVersion":"2.0.0","user":');
    const repaired = await state.read();
    console.log(`after corruption: recent ${repaired.recent.join(',')}; recovered from ${recovered[0]}`);
    writeFileSync(path, JSON.stringify({ schemaVersion: '3.0.0', user: 'ada' }));
    let newer;
    try {
      await state.read();
    } catch (err) {
      newer = `${err.code} ${err.reason}`;
      console.log(`file from newer code: ${newer}`);
    }
    return {
      migratedTheme: read.prefs.theme,
      recent: onDisk.recent,
      schemaVersion: onDisk.schemaVersion,
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
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

export { main, openPreferences, preferences };
