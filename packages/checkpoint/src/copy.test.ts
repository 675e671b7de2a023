import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { fakeClock } from './backend-compliance.js';
import { copyNamespace } from './copy.js';
import { JsonBackend } from './json-backend.js';
import { MemoryBackend } from './memory-backend.js';
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
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(await to.keys()).toEqual(['list', 'other']);
    expect(await to.load('list')).toEqual([1, 2, 3]);
    const strip = (cs: Awaited<ReturnType<StateManager['listCheckpoints']>>) =>
      cs.map(({ name, createdAt, pinned, keys }) => ({ name, createdAt, pinned, keys }));
    expect(strip(await to.listCheckpoints())).toEqual(strip(await from.listCheckpoints()));
    await to.restore('first');
    expect(await to.load('list')).toEqual(Array.from({ length: 2000 }, (_, i) => ({ i })));
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
