import fs, { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { isTempFile, tempNameFor } from './temp-name.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';

describe('isTempFile', () => {
  it('recognises every temp name the writers make, for any target name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }), (target) => {
        const name = tempNameFor(target);
        expect(isTempFile(name)).toBe(true);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      }),
    );
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
