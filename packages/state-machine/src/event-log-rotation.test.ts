import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { rotate } from './log-files.js';
import { hashLine } from './log-line.js';

const tick = (i: number, note = '') => ({
  entity_type: 'job',
  entity_id: 'j',
  event_type: 'tick',
  payload: { i, note },
});

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

/** Appends not awaited one by one: the log writes them in batches under one lock. */
function appendAtOnce(log: EventLog, count: number, note = (_i: number) => '') {
  return Promise.all(Array.from({ length: count }, (_, i) => log.append(tick(i, note(i)))));
}

describe('EventLog rotation of batched appends', () => {
  it('keeps every file within maxBytes when many appends share one locked write', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const log = new EventLog(path, { maxBytes: 2000, keep: 100 });
    const written = await appendAtOnce(log, 60);
    expect(written.map((l) => l.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const { files } = await log.files();
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(2000);
    // the chain goes on across every file boundary
    for (let f = 1; f < files.length; f++) {
      const first = JSON.parse(lines(files[f] as string)[0] as string);
      expect(first.prev).toBe(hashLine(lines(files[f - 1] as string).at(-1) as string));
    }
    expect(await log.verify()).toEqual({ ok: true, lines: 60, files: files.length, lastSeq: 60 });
    expect((await log.query()).map((l) => l.payload.i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // and the next batch continues from the head the last append recorded
    await appendAtOnce(log, 5);
    expect(await log.verify()).toMatchObject({ ok: true, lines: 65, lastSeq: 65 });
  });

  it('gives a line longer than maxBytes a file of its own', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const log = new EventLog(path, { maxBytes: 400, keep: 100 });
    await appendAtOnce(log, 5, (i) => (i === 2 ? 'x'.repeat(600) : ''));
    const { files } = await log.files();
    const perFile = files.map((f) => lines(f).map((l) => JSON.parse(l).payload.i));
    expect(perFile).toContainEqual([2]);
    expect(perFile.flat()).toEqual([0, 1, 2, 3, 4]);
    for (const [f, file] of files.entries())
      if (!perFile[f]?.includes(2)) expect(readFileSync(file).length).toBeLessThanOrEqual(400);
    expect(await log.verify()).toMatchObject({ ok: true, lines: 5 });
  });

  it('when a rotation fails mid-batch, the lines already appended resolve and the rest reject', async () => {
    const path = join(tempDir(), 'events.jsonl');
    // rotation starts by removing <path>.2 (keep: 2): a folder with a file in it cannot go
    mkdirSync(`${path}.2`);
    writeFileSync(join(`${path}.2`, 'blocker'), '');
    const log = new EventLog(path, { maxBytes: 1000, keep: 2 });
    await log.append(tick(-1)); // the batches below start in a file that has room for a few lines
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => log.append(tick(i))));
    const resolved = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(resolved.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);
    // what resolved is exactly what the file holds, in order, and nothing else
    const inFile = lines(path)
      .slice(1)
      .map((l) => JSON.parse(l).payload.i);
    // the batch filled the file up to maxBytes before the rotation it then needed failed
    const longest = Math.max(...lines(path).map((l) => Buffer.byteLength(l) + 1));
    expect(readFileSync(path).length + longest).toBeGreaterThan(1000);
    expect(inFile).toEqual(
      results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : [])).slice(0, inFile.length),
    );
    expect(inFile).toHaveLength(resolved.length);
    // once the obstacle is gone the chain is whole and the next append rotates and goes on
    rmSync(`${path}.2`, { recursive: true });
    expect(await log.verify()).toMatchObject({ ok: true, lines: resolved.length + 1 });
    await log.append(tick(99));
    expect(await log.verify()).toMatchObject({ ok: true, lastSeq: resolved.length + 2 });
  });

  it('with the live file and the head both gone, continues the chain from the newest rotated file', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const log = new EventLog(path, { maxBytes: 400 });
    for (let i = 0; i < 4; i++) await log.append(tick(i));
    const { files } = await log.files();
    expect(files.length).toBeGreaterThan(1);
    const last = lines(path).at(-1) as string;
    await rotate(path, 5); // the live file rotated away ...
    rmSync(`${path}.head`); // ... and the head lost (not copied with the logs, deleted by hand)
    const next = await new EventLog(path, { maxBytes: 400 }).append(tick(4));
    expect(next.seq).toBe(5);
    expect(next.prev).toBe(hashLine(last));
    expect(await log.verify()).toMatchObject({ ok: true, lines: 5, lastSeq: 5 });
  });
});
