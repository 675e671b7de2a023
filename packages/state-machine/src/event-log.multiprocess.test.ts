import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAtBarrier, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/append-child.mjs', import.meta.url));

/** A fixture child behind the start barrier; `done` is its stdout, rejecting unless it exits 0. */
function run(opts: object) {
  const c = startAtBarrier(FIXTURE, [JSON.stringify(opts)]);
  const done = c.done.then((r) => {
    if (r.code !== 0) throw new Error(`child exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  });
  return { ready: c.ready, start: c.go, done };
}

describe('EventLog shared by two processes', () => {
  it.each([
    ['one file', undefined],
    ['rotating every ~20 KB', 20_000],
  ])(
    '500 appends each, %s: 1000 whole lines, one valid chain',
    async (_, maxBytes) => {
      const path = join(tempDir(), 'shared.jsonl');
      const children = ['p1', 'p2'].map((name) => run({ path, name, count: 500, maxBytes }));
      await Promise.all(children.map((c) => c.ready)); // a child that dies early fails the test now
      for (const c of children) c.start();
      for (const out of await Promise.all(children.map((c) => c.done))) expect(out).toContain('done');

      const log = new EventLog(path, { keep: 1000 });
      expect(await log.verify()).toMatchObject({ ok: true, lines: 1000, lastSeq: 1000 });
      const all = await log.query();
      expect(all.map((l) => l.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      for (const name of ['p1', 'p2']) {
        // every line of each writer is there, once, in the order it wrote them
        expect((await log.query({ entity: name })).map((l) => l.payload.i)).toEqual(
          Array.from({ length: 500 }, (_, i) => i),
        );
      }
      if (maxBytes !== undefined) {
        const { files } = await log.files();
        expect(files.length).toBeGreaterThan(2);
        for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(maxBytes);
      }
    },
    180_000,
  );
});
