import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteBackend } from './sqlite-backend.js';
import { StateManager } from './state-manager.js';

// A checkpoint holds the file's write lock across an await (the encoder). A second connection
// to the same file in the same process that began a write meanwhile used to wait for that lock
// synchronously: the process froze for busyTimeoutMs and one of the two calls failed.
const opened: StateManager[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) await m.close();
});

async function twoManagers(file: string, how: 'backend' | 'spec') {
  const open = (namespace: string) =>
    how === 'spec'
      ? StateManager.open({ backend: 'sqlite', file, namespace })
      : StateManager.open({ backend: new SqliteBackend({ file, busyTimeoutMs: 200 }), namespace });
  const pair = [await open('workflow-a'), await open('workflow-b')] as const;
  opened.push(...pair);
  return pair;
}

describe.each(['backend', 'spec'] as const)('two managers on one SQLite file in one process (%s)', (how) => {
  it('take checkpoints at the same time: both succeed, each of its own namespace', async () => {
    const [a, b] = await twoManagers(join(tempDir(), 'state.db'), how);
    await a.save('doc', { by: 'a' });
    await b.save('doc', { by: 'b' });
    const results = await Promise.allSettled([a.checkpoint('cp1'), b.checkpoint('cp1'), a.checkpoint('cp2')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((await a.listCheckpoints()).map((c) => c.name)).toEqual(['cp1', 'cp2']);
    expect((await b.readCheckpoint('cp1')).get('doc')).toEqual({ by: 'b' });
  });

  it('save, delete and prune on one while the other checkpoints', async () => {
    const [a, b] = await twoManagers(join(tempDir(), 'state.db'), how);
    for (let i = 0; i < 20; i++) await a.save(`k${i}`, { i, pad: 'x'.repeat(2000) });
    await b.save('gone', 1);
    const results = await Promise.allSettled([
      a.save('state', { step: 1 }, { checkpoint: 'step-1' }),
      b.save('doc', 'b'),
      b.delete('gone'),
      b.checkpoint('b-1'),
      b.prune({ keepLast: 1 }),
      a.checkpoint('step-2'),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect(await b.keys()).toEqual(['doc']);
    expect((await a.readCheckpoint('step-2')).get('state')).toEqual({ step: 1 });
  });
});
