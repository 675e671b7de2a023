import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorruptFileError, readJson, sweepTempFiles, writeJsonAtomic } from '@steadystate/atomic-write';

async function main(dir = mkdtempSync(join(tmpdir(), 'atomic-json-'))) {
  const file = join(dir, 'settings.json');
  try {
    const leftover = join(dir, '.settings.json.1a2b-0-1-0badf00d.steadystate-tmp');
    writeFileSync(leftover, '{"schemaVersion":"1.0.0","ru');
    utimesSync(leftover, /* @__PURE__ */ new Date(0), /* @__PURE__ */ new Date(0));
    const swept = await sweepTempFiles(dir);
    console.log(`swept ${swept.length} leftover temp file(s)`);
    const current = (await readJson(file)) ?? { schemaVersion: '1.0.0', runs: 0 };
    current.runs += 1;
    const written = await writeJsonAtomic(file, current);
    console.log(`wrote ${written.bytes} bytes, folder fsynced: ${written.dirSynced}`);
    writeFileSync(file, '{"schemaVersion":"1.0.0","ru');
    let corrupt;
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
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

export { main };
