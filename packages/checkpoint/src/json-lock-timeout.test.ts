import { join } from 'node:path';
import { startAtBarrier, tempDir } from '@steadystate/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BackendError } from './errors.js';
import { JsonBackend } from './json-backend.js';
import { StateManager } from './state-manager.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);

describe('json backend: the namespace lock held by another process', () => {
  it('every queued write fails with BackendError after lockTimeoutMs; writes work once it is released', async () => {
    const dir = tempDir();
    const m = await StateManager.open({
      backend: new JsonBackend({ dir, fsync: false, lockTimeoutMs: 300 }),
      namespace: 'work',
    });
    await m.save('phase', 'building');
    await m.checkpoint('cp');
    // the lock every write of namespace "work" takes (json-backend.ts: <dir>/<namespace>/namespace)
    const holder = startAtBarrier(fixture('lock-holder.mjs'), [join(dir, 'work', 'namespace')]);
    onTestFinished(() => {
      if (holder.child.exitCode === null) holder.child.kill('SIGKILL');
    });
    await holder.ready;

    // queued together: they share one lock acquisition, so one timeout fails them all
    const results = await Promise.allSettled([
      m.save('phase', 'testing'),
      m.save('other', 1),
      m.delete('phase'),
      m.checkpoint('cp2'),
      m.restore('cp'),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({ code: 'EBACKEND', backend: 'json' });
      expect(error.message).toMatch(/lock namespace "work" for a write/);
      expect(error.cause).toMatchObject({ code: 'ELOCKTIMEOUT' });
    }
    // nothing was written
    expect(await m.get('phase')).toMatchObject({ value: 'building', revision: 1 });
    expect(await m.keys()).toEqual(['phase']);
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['cp']);

    holder.go();
    expect((await holder.done).code).toBe(0);
    expect(await m.save('phase', 'testing')).toMatchObject({ revision: 2 });
    await m.checkpoint('cp2');
    expect(await m.load('phase')).toBe('testing');
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['cp', 'cp2']);
  });
});
