import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { fakeClock } from './backend-compliance.js';
import { copyNamespace } from './copy.js';
import { JsonBackend } from './json-backend.js';
import { MemoryBackend } from './memory-backend.js';
import { SqliteBackend } from './sqlite-backend.js';
import { StateManager } from './state-manager.js';

describe('copyNamespace', () => {
  it('copies keys and checkpoints (names, times, pins) from memory to json, verified', {
    timeout: 60_000,
  }, async () => {
    const clock = fakeClock();
    const from = await StateManager.open({ backend: 'memory', namespace: 'src', clock });
    await from.save(
      'list',
      Array.from({ length: 2000 }, (_, i) => ({ i })),
    );
    await from.checkpoint('first');
    clock.advance(1000);
    await from.save('list', [1, 2, 3]);
    await from.save('other', 'x'.repeat(3000));
    await from.checkpoint('second');
    await from.pin('first');
    const to = await StateManager.open({
      backend: new JsonBackend({ dir: tempDir(), fsync: false }),
      namespace: 'dst',
    });
    const progress: Array<[number, number]> = [];
    const result = await copyNamespace(from, to, { onProgress: (d, t) => progress.push([d, t]) });
    expect(result).toEqual({ keys: 2, checkpoints: 2, verified: true });
    // one call per checkpoint, then one per key: 2 checkpoints + 2 keys
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(await to.keys()).toEqual(['list', 'other']);
    expect(await to.load('list')).toEqual([1, 2, 3]);
    const strip = (cs: Awaited<ReturnType<StateManager['listCheckpoints']>>) =>
      cs.map(({ name, createdAt, pinned, keys }) => ({ name, createdAt, pinned, keys }));
    expect(strip(await to.listCheckpoints())).toEqual(strip(await from.listCheckpoints()));
    await to.restore('first');
    expect(await to.load('list')).toEqual(Array.from({ length: 2000 }, (_, i) => ({ i })));
  });

  it('copies the notes of every checkpoint (and their absence), pinned or not, to json, sqlite and memory', {
    timeout: 60_000,
  }, async () => {
    const clock = fakeClock();
    const from = await StateManager.open({ backend: 'memory', namespace: 'src', clock });
    await from.save('stage', 'shadow');
    await from.checkpoint('before', { notes: 'Before stage progression' });
    clock.advance(1000);
    await from.save('stage', '5%', { checkpoint: 'plain' });
    clock.advance(1000);
    await from.save('stage', '20%', { checkpoint: 'pinned', notes: 'line 1\nline 2 ✓' });
    await from.pin('pinned');
    const source = await from.listCheckpoints();
    expect(source.map((c) => c.notes)).toEqual(['Before stage progression', undefined, 'line 1\nline 2 ✓']);
    const targets = [
      new JsonBackend({ dir: tempDir(), fsync: false }),
      new SqliteBackend({ file: join(tempDir(), 'state.db') }),
      new MemoryBackend(),
    ];
    for (const backend of targets) {
      const to = await StateManager.open({ backend, namespace: 'dst' });
      expect(await copyNamespace(from, to)).toMatchObject({ checkpoints: 3, verified: true });
      const copied = await to.listCheckpoints();
      expect(copied, backend.kind).toEqual(source);
      expect(Object.hasOwn(copied[1]!, 'notes'), backend.kind).toBe(false);
      await to.close();
      await backend.close();
    }
  });

  it('reports progress once per checkpoint and once per key, increasing, ending at total', async () => {
    const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
    for (let i = 0; i < 3; i++) {
      await from.save(`k${i}`, i);
      await from.checkpoint(`cp${i}`);
    }
    for (let i = 3; i < 250; i++) await from.save(`k${i}`, { i });
    const to = await StateManager.open({ backend: 'memory', namespace: 'dst' });
    const progress: Array<[number, number]> = [];
    await copyNamespace(from, to, { onProgress: (done, total) => progress.push([done, total]) });
    const total = 3 + 250;
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));

    // keys only: one call per key, none for checkpoints
    const keysOnly: Array<[number, number]> = [];
    const to2 = await StateManager.open({ backend: 'memory', namespace: 'dst2' });
    await copyNamespace(from, to2, { checkpoints: false, onProgress: (d, t) => keysOnly.push([d, t]) });
    expect(keysOnly).toEqual(Array.from({ length: 250 }, (_, i) => [i + 1, 250]));
  });

  it('counts a key once read; done === total comes only after the keys are written and verified', async () => {
    const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
    await from.save('a', 1);
    await from.checkpoint('cp');
    for (let i = 0; i < 20; i++) await from.save(`k${i}`, i);
    const target = new MemoryBackend();
    let written = false;
    let verifiedReads = 0;
    const { replaceAll, getEntry } = target;
    target.replaceAll = async (...args) => {
      await replaceAll.apply(target, args);
      written = true;
    };
    target.getEntry = async (...args) => {
      if (written) verifiedReads++;
      return getEntry.apply(target, args);
    };
    const to = await StateManager.open({ backend: target, namespace: 'dst' });
    const calls: Array<{ done: number; total: number; written: boolean; verifiedReads: number }> = [];
    await copyNamespace(from, to, {
      onProgress: (done, total) => calls.push({ done, total, written, verifiedReads }),
    });
    expect(calls.map((c) => [c.done, c.total])).toEqual(Array.from({ length: 22 }, (_, i) => [i + 1, 22]));
    // the checkpoint and the 20 keys read before the one atomic write ...
    expect(calls.slice(0, -1).every((c) => !c.written)).toBe(true);
    // ... and the last call after the write and the read-back of all 21 keys
    expect(calls.at(-1)).toMatchObject({ written: true, verifiedReads: 21 });
  });

  it('an empty namespace reports (0, 0) once', async () => {
    const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
    const to = await StateManager.open({ backend: 'memory', namespace: 'dst' });
    const progress: Array<[number, number]> = [];
    await copyNamespace(from, to, { onProgress: (d, t) => progress.push([d, t]) });
    expect(progress).toEqual([[0, 0]]);
  });

  it('fails when the target does not store what it was given', async () => {
    const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
    await from.save('k', 'x'.repeat(5000));
    await from.checkpoint('cp');
    const lossy = new MemoryBackend();
    lossy.putBlobs = async () => {}; // drops every blob
    const to = await StateManager.open({ backend: lossy, namespace: 'dst' });
    await expect(copyNamespace(from, to)).rejects.toMatchObject({ code: 'EBACKEND' });
  });

  it('copies only the keys with checkpoints: false', async () => {
    const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
    await from.save('k', 1);
    await from.checkpoint('cp');
    const to = await StateManager.open({ backend: 'memory', namespace: 'dst' });
    expect(await copyNamespace(from, to, { checkpoints: false })).toEqual({
      keys: 1,
      checkpoints: 0,
      verified: true,
    });
    expect(await to.listCheckpoints()).toEqual([]);
  });
});
