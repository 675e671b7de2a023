import fs, { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { isTempFile, tempNameFor } from './temp-name.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';

describe('isTempFile', () => {
  it('recognises every temp name the writers make, and keeps it within 255 bytes, for any target name', () => {
    // Long names of ASCII and of multi-byte characters (up to 4 bytes each): most are over
    // the 150 bytes a temp name keeps of its target, so the shortening is what is tested.
    const targets = fc.oneof(
      fc.string({ minLength: 1, maxLength: 400, unit: 'binary', size: 'max' }),
      fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme', size: 'max' }),
      fc.string({ minLength: 100, maxLength: 300, size: 'max' }),
    );
    let long = 0;
    fc.assert(
      fc.property(targets, (target) => {
        if (Buffer.byteLength(target) > 255) long += 1;
        const name = tempNameFor(target);
        expect(isTempFile(name)).toBe(true);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
        // it still tells which file it belongs to: it starts with (a prefix of) the target name
        const kept = name.slice(1, name.lastIndexOf('.', name.length - '.steadystate-tmp'.length - 1));
        expect(target.startsWith(kept)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(long).toBeGreaterThan(100); // the generator did reach names longer than NAME_MAX
  });

  it.each([
    ['ASCII', 'a'.repeat(255)],
    ['2-byte characters', `${'é'.repeat(127)}a`],
    ['4-byte characters', `${'😀'.repeat(63)}abc`],
  ])('lets both writers replace a file whose name is 255 bytes of %s', async (_, name) => {
    expect(Buffer.byteLength(name)).toBe(255);
    const dir = scratchDir();
    const path = join(dir, name);
    await writeFileAtomic(path, 'a');
    expect(readFileSync(path, 'utf8')).toBe('a');
    writeFileAtomicSync(path, 'b');
    expect(readFileSync(path, 'utf8')).toBe('b');
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('gives every write its own temp name', () => {
    const names = new Set(Array.from({ length: 1000 }, () => tempNameFor('state.json')));
    expect(names.size).toBe(1000);
  });

  it('recognises the names of earlier versions, which carried a thread id', () => {
    expect(isTempFile('.state.json.1a2b-0-3-0badc0de.steadystate-tmp')).toBe(true);
    expect(isTempFile('.state.json.1a2b-3-0badc0de.steadystate-tmp')).toBe(true);
  });

  it('does not match names users and other tools create', () => {
    for (const name of [
      'state.json',
      'state.json.bak',
      'state.json.tmp',
      '.state.json.tmp',
      'state.json.lock',
      'state.json.corrupt-2024-01-01T00-00-00Z',
      'state.json.1998793545', // write-file-atomic's temp name
      'app.log.1',
      '.steadystate-tmp',
      'notes.steadystate-tmp',
    ]) {
      expect(isTempFile(name), name).toBe(false);
    }
  });

  it('matches the temp files both writers actually create', async () => {
    const dir = scratchDir();
    const renamed = vi.spyOn(fs, 'rename');
    const renamedSync = vi.spyOn(fs, 'renameSync');
    try {
      await writeFileAtomic(join(dir, 'doc.json'), 'a');
      writeFileAtomicSync(join(dir, 'doc.json'), 'b');
    } finally {
      vi.restoreAllMocks();
    }
    const temps = [...renamed.mock.calls, ...renamedSync.mock.calls].map(([from]) => basename(String(from)));
    expect(temps).toHaveLength(2);
    for (const name of temps) expect(isTempFile(name), name).toBe(true);
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });
});
