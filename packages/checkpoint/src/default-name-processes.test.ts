import { join } from 'node:path';
import { redisService, serviceSuite, startAtBarrier, tempDir } from '@steadystate/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { dropPrefix, openStore, type StoreSpec } from '../test/stores.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const AT = Date.UTC(2026, 0, 1);
const PROCESSES = 4;
const EACH = 5;

/** Processes on one store taking unnamed checkpoints at the same clock instants. */
function defaultNamesAcrossProcesses(name: string, store: () => StoreSpec): void {
  describe(`unnamed checkpoints across processes (${name})`, () => {
    it(`${PROCESSES} processes taking ${EACH} unnamed checkpoints each at the same instants: none is lost`, {
      timeout: 120_000,
    }, async () => {
      const spec = store();
      const children = Array.from({ length: PROCESSES }, (_, id) =>
        startAtBarrier(fixture('default-name-taker.mjs'), [
          JSON.stringify(spec),
          'work',
          String(AT),
          String(EACH),
          String(id),
        ]),
      );
      onTestFinished(() => {
        for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
      });
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.go();
      const got: string[][] = [];
      for (const { done } of children) {
        const { code, stdout, stderr } = await done;
        expect(code, stderr).toBe(0);
        got.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as string[]);
      }
      const all = got.flat();
      expect(new Set(all).size).toBe(PROCESSES * EACH); // every checkpoint got its own name
      const { manager, close } = await openStore(spec, 'work');
      try {
        const listed = await manager.listCheckpoints();
        expect(listed.map((c) => c.name).sort()).toEqual([...all].sort());
        got.forEach((names, id) => {
          for (const n of names) expect(listed.find((c) => c.name === n)?.notes).toBe(String(id));
        });
        // each process's j-th checkpoint is at AT + j: one took its name, the others -2, -3, -4
        for (let j = 0; j < EACH; j++) {
          const base = `cp-${new Date(AT + j).toISOString()}`;
          const at = listed.filter((c) => c.createdAt === AT + j).map((c) => c.name);
          expect(at.sort()).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`]);
        }
      } finally {
        await close();
      }
    });
  });
}

defaultNamesAcrossProcesses('json', () => ({ backend: 'json', dir: tempDir() }));
defaultNamesAcrossProcesses('sqlite', () => ({ backend: 'sqlite', file: join(tempDir(), 'state.db') }));

const runId = `steadystate-test-names-${process.pid}-${Date.now().toString(36)}`;
let seq = 0;

await serviceSuite(redisService, 'unnamed checkpoints across processes against a real Redis', (url) => {
  const admin = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    await dropPrefix(admin, runId);
    await admin.quit();
  });
  defaultNamesAcrossProcesses('redis', () => {
    const prefix = `${runId}:${seq++}`;
    onTestFinished(() => dropPrefix(admin, prefix));
    return { backend: 'redis', url, prefix };
  });
});
