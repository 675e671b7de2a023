import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LockHandle } from '@steadystate/file-lock';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it, vi } from 'vitest';
import { bytesOf, counter, setCount } from '../test/counter.ts';
import { openStateFile } from './index.js';

// A lock whose loss the test controls: file-lock aborts handle.signal when the lock is taken over.
const lost = vi.hoisted(() => ({ controller: new AbortController() }));
vi.mock('@steadystate/file-lock', () => ({
  lock: async (path: string): Promise<LockHandle> => {
    lost.controller = new AbortController();
    return {
      path,
      token: 1,
      signal: lost.controller.signal,
      release: async () => {},
      isHeld: async () => !lost.controller.signal.aborted,
    };
  },
}));

class FakeCompromise extends Error {
  readonly code = 'ELOCKCOMPROMISED';
}

describe('a lock lost during update', () => {
  it('writes nothing and throws the compromise error', async () => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, bytesOf({ schemaVersion: '2.0.0', count: 1, updatedBy: null }));
    const file = openStateFile(path, counter, { fsync: false });
    const reason = new FakeCompromise('file-lock: lock taken over');
    await expect(
      file.update((draft) => {
        draft.count = 2;
        lost.controller.abort(reason);
      }),
    ).rejects.toBe(reason);
    expect(readFileSync(path, 'utf8')).toBe(bytesOf({ schemaVersion: '2.0.0', count: 1, updatedBy: null }));
    await file.update(setCount(3));
    expect((await file.read()).count).toBe(3);
  });
});
