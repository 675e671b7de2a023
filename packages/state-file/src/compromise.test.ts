import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LockHandle } from '@steadystate/file-lock';
import { tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

// The hard link of the backup step, with a hook that runs just before it.
const backupStep = vi.hoisted(() => ({ before: undefined as (() => void) | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const link = ((...args: Parameters<typeof real.link>) => {
    backupStep.before?.();
    return real.link(...args);
  }) as typeof real.link;
  const linkSync = ((...args: Parameters<typeof real.linkSync>) => {
    backupStep.before?.();
    return real.linkSync(...args);
  }) as typeof real.linkSync;
  return { ...real, default: { ...real, link, linkSync }, link, linkSync };
});
afterEach(() => {
  backupStep.before = undefined;
});

class FakeCompromise extends Error {
  readonly code = 'ELOCKCOMPROMISED';
}

const doc = (count: number) => bytesOf({ schemaVersion: '2.0.0', count, updatedBy: null });

describe.each([false, true])('a lock lost during update (syncIo: %s)', (syncIo) => {
  function setup(withBak: boolean) {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, doc(1));
    if (withBak) writeFileSync(`${path}.bak`, doc(0));
    const file = openStateFile(path, counter, { fsync: false, syncIo });
    return { path, file, reason: new FakeCompromise('file-lock: lock taken over') };
  }

  /** An update whose fn sets count 2 and meanwhile loses the lock (the holder's signal aborts). */
  const updateLosingLock = (file: ReturnType<typeof setup>['file'], reason: Error) =>
    file.update((draft) => {
      draft.count = 2;
      lost.controller.abort(reason);
    });

  it('in fn: writes nothing, creates no .bak, and throws the compromise error', async () => {
    const { path, file, reason } = setup(false);
    await expect(updateLosingLock(file, reason)).rejects.toBe(reason);
    expect(readFileSync(path, 'utf8')).toBe(doc(1));
    expect(existsSync(`${path}.bak`)).toBe(false);
    expect(existsSync(`${path}.bak.tmp`)).toBe(false);
    await file.update(setCount(3));
    expect((await file.read()).count).toBe(3);
  });

  it('in fn: leaves an existing .bak as it was (not rotated)', async () => {
    const { path, file, reason } = setup(true);
    const bak = statSync(`${path}.bak`).ino;
    await expect(updateLosingLock(file, reason)).rejects.toBe(reason);
    expect(readFileSync(path, 'utf8')).toBe(doc(1));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(doc(0));
    expect(statSync(`${path}.bak`).ino).toBe(bak);
  });

  it('during the backup step: the state file is not written', async () => {
    const { path, file, reason } = setup(true);
    backupStep.before = () => lost.controller.abort(reason);
    await expect(file.update(setCount(2))).rejects.toBe(reason);
    expect(readFileSync(path, 'utf8')).toBe(doc(1));
    // at most the backup was made: of the current, good document
    expect([doc(0), doc(1)]).toContain(readFileSync(`${path}.bak`, 'utf8'));
  });
});
