import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { fakeClock } from './backend-compliance.js';
import { JsonBackend } from './json-backend.js';
import { StateManager } from './state-manager.js';

describe('StateManager', () => {
  it('prunes after each checkpoint when opened with retention', async () => {
    const clock = fakeClock();
    const m = await StateManager.open({
      backend: 'memory',
      namespace: 'r',
      clock,
      retention: { keepLast: 2 },
    });
    for (let i = 0; i < 5; i++) {
      await m.save('k', i);
      await m.checkpoint(`c${i}`);
      clock.advance(1000);
    }
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['c3', 'c4']);
    // a save with `checkpoint` prunes too
    await m.save('k', 5, { checkpoint: 'c5' });
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['c4', 'c5']);
  });

  it('rejects a bad namespace, an unknown backend and a bad ifRevision', async () => {
    await expect(StateManager.open({ backend: 'memory', namespace: '../etc' })).rejects.toMatchObject({
      code: 'EINVALIDNAME',
      what: 'namespace',
    });
    await expect(StateManager.open({ backend: 'nope' as 'memory', namespace: 'x' })).rejects.toMatchObject({
      code: 'EBACKEND',
    });
    const m = await StateManager.open({ backend: 'memory', namespace: 'x' });
    await expect(m.save('k', 1, { ifRevision: -1 })).rejects.toMatchObject({ code: 'EINVALIDVALUE' });
  });

  it('fails with BackendError after close', async () => {
    const m = await StateManager.open({ backend: 'memory', namespace: 'x' });
    await m.close();
    await expect(m.save('k', 1)).rejects.toMatchObject({ code: 'EBACKEND' });
  });

  it('json: a 100 KB state changing 1% per step writes a few KB of blob files per checkpoint', {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    const backend = new JsonBackend({ dir, fsync: false });
    const m = await StateManager.open({ backend, namespace: 'ns' });
    const items: Record<string, { id: number; v: string }> = {};
    for (let i = 0; i < 1000; i++) items[`item-${i}`] = { id: i, v: `${i}-${'v'.repeat(80)}` };
    await m.save('state', items);
    await m.checkpoint('base');
    const { readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const blobBytes = () => {
      let n = 0;
      const root = join(dir, 'ns', 'blobs');
      for (const shard of readdirSync(root))
        for (const f of readdirSync(join(root, shard))) n += statSync(join(root, shard, f)).size;
      return n;
    };
    for (let step = 1; step <= 3; step++) {
      const before = blobBytes();
      for (let j = 0; j < 10; j++)
        items[`item-${(step * 97 + j * 101) % 1000}`] = { id: step, v: `changed ${step} ${j}` };
      await m.save('state', items);
      await m.checkpoint(`s${step}`);
      expect(blobBytes() - before).toBeLessThan(10_000);
    }
  });
});

describe('json backend garbage collection', () => {
  it('keeps the blobs of a checkpoint taken after the caller computed the live set', {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    const a = await StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'ns' });
    const b = await StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'ns' });
    await a.save('big', { text: 'x'.repeat(5000), list: Array.from({ length: 300 }, (_, i) => i) });
    const stale = new Set<string>(); // what a prune that ran before the checkpoint saw: no checkpoint, nothing live
    await b.checkpoint('taken-meanwhile');
    expect(await a.backend.collect('ns', stale)).toEqual({ blobs: 0, bytes: 0 });
    await a.save('big', 'gone');
    await a.restore('taken-meanwhile');
    expect(await a.load('big')).toMatchObject({ text: 'x'.repeat(5000) });
  });
});
