import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { JsonBackend } from './json-backend.js';
import { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const open = (dir: string) =>
  StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'work' });
const checkpointsDir = (dir: string) => join(dir, 'work', 'checkpoints');
const manifestFiles = (dir: string) =>
  readdirSync(checkpointsDir(dir)).filter((f) => f.endsWith('.manifest.json'));

const OLD = { at: 'old', text: 'old '.repeat(500) };
const NEW = { at: 'new', text: 'new '.repeat(500) };

describe('json backend: a checkpoint replaced by a process killed mid-way', () => {
  for (const when of ['before', 'after'] as const) {
    it(`killed ${when} the rename of the new info file: info and content are both old or both new`, {
      timeout: 60_000,
    }, async () => {
      const dir = tempDir();
      const setup = await open(dir);
      await setup.save('phase', OLD);
      const old = await setup.checkpoint('latest', { notes: 'old state' });
      await setup.pin('latest');
      await setup.close();

      const child = await runNode(fixture('json-replace-killed.mjs'), [dir, 'work', 'latest', when]);
      expect(child.stderr).toBe('');
      expect(child.signal).toBe('SIGKILL');

      const m = await open(dir);
      const listed = await m.listCheckpoints();
      const content = (await m.readCheckpoint('latest')).get('phase') as JsonValue;
      if (when === 'before') {
        expect(listed).toEqual([{ ...old, pinned: true }]);
        expect(content).toEqual(OLD);
      } else {
        expect(listed).toEqual([
          {
            name: 'latest',
            createdAt: expect.any(Number),
            keys: 1,
            bytes: expect.any(Number),
            pinned: false,
            notes: 'new state',
          },
        ]);
        expect(listed[0]!.createdAt).toBeGreaterThanOrEqual(old.createdAt);
        expect(content).toEqual(NEW);
      }
      // the manifest file the killed write left without an info file goes with the next collection
      expect(manifestFiles(dir)).toHaveLength(2);
      await m.prune({ keepLast: 1 });
      expect(manifestFiles(dir)).toHaveLength(1);
      expect((await m.readCheckpoint('latest')).get('phase')).toEqual(content);
      // and the checkpoint is replaced as usual afterwards, its old manifest file removed
      await m.save('phase', 'later');
      await m.checkpoint('latest');
      expect((await m.readCheckpoint('latest')).get('phase')).toBe('later');
      expect(manifestFiles(dir)).toHaveLength(1);
      await m.close();
    });
  }

  it('reads, replaces and deletes a checkpoint whose info file names no manifest file (the earlier layout)', async () => {
    const dir = tempDir();
    mkdirSync(checkpointsDir(dir), { recursive: true });
    const info = { name: 'legacy', createdAt: 1_000, keys: 1, bytes: 5, pinned: true, notes: 'n' };
    writeFileSync(join(checkpointsDir(dir), 'legacy.info.json'), JSON.stringify(info));
    writeFileSync(join(checkpointsDir(dir), 'legacy.manifest.json'), JSON.stringify({ phase: '="old"' }));
    const m = await open(dir);
    expect(await m.listCheckpoints()).toEqual([info]);
    expect((await m.readCheckpoint('legacy')).get('phase')).toBe('old');
    await m.pin('legacy', false);
    expect((await m.readCheckpoint('legacy')).get('phase')).toBe('old');
    await m.save('phase', 'new');
    await m.checkpoint('legacy');
    expect((await m.readCheckpoint('legacy')).get('phase')).toBe('new');
    expect(manifestFiles(dir)).toHaveLength(1);
    expect(manifestFiles(dir)).not.toContain('legacy.manifest.json');
    expect(await m.deleteCheckpoint('legacy')).toBe(true);
    expect(manifestFiles(dir)).toEqual([]);
    await m.close();
  });

  it('a reader never misses a checkpoint another process is replacing over and over', {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    const writer = await open(dir);
    const reader = await open(dir);
    await writer.save('phase', 0);
    await writer.checkpoint('latest');
    let stop = false;
    const replacing = (async () => {
      for (let i = 1; i <= 150; i++) {
        await writer.save('phase', i);
        await writer.checkpoint('latest');
      }
      stop = true;
    })();
    let reads = 0;
    let last = 0;
    while (!stop) {
      const phase = (await reader.readCheckpoint('latest')).get('phase') as number;
      expect(phase).toBeGreaterThanOrEqual(last);
      last = phase;
      reads++;
    }
    await replacing;
    expect(reads).toBeGreaterThan(0);
    await writer.close();
    await reader.close();
  });
});
