/**
 * Atomic JSON writes without a framework: `writeJsonAtomic` (temp file, fsync, rename,
 * fsync of the folder), `readJson` that tells a missing file from a torn one, and the
 * start-up sweep of temp files a killed writer left behind.
 *
 * Copy into your project, then: npm install @steadystate/atomic-write
 * Run: npx tsx atomic-json.ts
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorruptFileError, readJson, sweepTempFiles, writeJsonAtomic } from '@steadystate/atomic-write';

interface Settings {
  schemaVersion: string;
  runs: number;
}

export async function main(dir = mkdtempSync(join(tmpdir(), 'atomic-json-'))) {
  const file = join(dir, 'settings.json');
  try {
    // A writer killed between creating its temp file and the rename leaves this behind.
    const leftover = join(dir, '.settings.json.1a2b-0-1-0badf00d.steadystate-tmp');
    writeFileSync(leftover, '{"schemaVersion":"1.0.0","ru');
    utimesSync(leftover, new Date(0), new Date(0)); // pretend it is old
    const swept = await sweepTempFiles(dir); // at start-up; default: only files older than 60 s
    console.log(`swept ${swept.length} leftover temp file(s)`);

    // undefined = the file does not exist yet; a torn or empty file throws ECORRUPT instead.
    const current = (await readJson<Settings>(file)) ?? { schemaVersion: '1.0.0', runs: 0 };
    current.runs += 1;
    const written = await writeJsonAtomic(file, current);
    console.log(`wrote ${written.bytes} bytes, folder fsynced: ${written.dirSynced}`);

    // What a plain writeFile interrupted half-way leaves: readJson refuses it, with a reason.
    writeFileSync(file, '{"schemaVersion":"1.0.0","ru');
    let corrupt: string | undefined;
    try {
      await readJson(file);
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      corrupt = `${err.code} (${err.reason})`;
      console.log(`torn file detected: ${corrupt}`);
    }
    return { swept: swept.length, runs: current.runs, corrupt, files: readdirSync(dir).sort() };
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
