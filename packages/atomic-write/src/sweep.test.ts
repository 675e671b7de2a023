import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { sweepTempFiles } from './sweep.js';
import { tempNameFor } from './temp-name.js';

function ageBy(path: string, ms: number) {
  const when = new Date(Date.now() - ms);
  utimesSync(path, when, when);
}

describe('sweepTempFiles', () => {
  it('removes temp files older than olderThanMs (default 60 s) and returns their paths', async () => {
    const dir = scratchDir();
    const old = join(dir, tempNameFor('state.json'));
    const fresh = join(dir, tempNameFor('state.json'));
    writeFileSync(old, '{"half":');
    writeFileSync(fresh, '{"being written');
    ageBy(old, 61_000);
    ageBy(fresh, 5_000);
    expect(await sweepTempFiles(dir)).toEqual([old]);
    expect(readdirSync(dir)).toEqual([fresh.slice(dir.length + 1)]);
    expect(await sweepTempFiles(dir, { olderThanMs: 1_000 })).toEqual([fresh]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves everything that is not one of its temp files alone, however old', async () => {
    const dir = scratchDir();
    const others = ['state.json', 'state.json.bak', 'state.json.1998793545', 'app.log.1', '.hidden.tmp'];
    for (const name of others) {
      writeFileSync(join(dir, name), 'x');
      ageBy(join(dir, name), 3_600_000);
    }
    const tempNamedFolder = join(dir, tempNameFor('x'));
    mkdirSync(tempNamedFolder);
    expect(await sweepTempFiles(dir, { olderThanMs: 0 })).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([...others, tempNamedFolder.slice(dir.length + 1)].sort());
  });

  it('returns nothing for a missing folder', async () => {
    expect(await sweepTempFiles(join(scratchDir(), 'nope'))).toEqual([]);
  });

  it('rejects a negative or non-finite age', async () => {
    const dir = scratchDir();
    await expect(sweepTempFiles(dir, { olderThanMs: -1 })).rejects.toThrow(
      /atomic-write: expected olderThanMs/,
    );
    await expect(sweepTempFiles(dir, { olderThanMs: Number.NaN })).rejects.toThrow(TypeError);
  });
});
