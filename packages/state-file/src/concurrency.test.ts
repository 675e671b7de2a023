import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, spawnNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { counter } from '../test/counter.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const WRITERS = 16;
const TIMES = 100;

describe('many processes', () => {
  it(`${WRITERS} processes x ${TIMES} updates lose nothing, and a reader never sees an invalid document`, async () => {
    const path = join(tempDir(), 'counter.json');
    const reader = spawnNode(fixture('reader.mjs'), [path]);
    let readerOut = '';
    reader.stdout?.setEncoding('utf8').on('data', (d: string) => {
      readerOut += d;
    });
    const readerDone = new Promise<number | null>((resolve) => reader.on('close', resolve));
    await new Promise((resolve) => reader.stdout?.once('data', resolve));

    const writers = await Promise.all(
      Array.from({ length: WRITERS }, () => runNode(fixture('increment.mjs'), [path, String(TIMES), '1'])),
    );
    reader.stdin?.end();
    expect(await readerDone).toBe(0);

    for (const w of writers) {
      expect(w.stderr).toBe('');
      expect(w.code).toBe(0);
      expect(JSON.parse(w.stdout)).toEqual({ done: TIMES, recovered: 0 });
    }
    const onDisk = counter.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(onDisk.value.count).toBe(WRITERS * TIMES);

    const seen = JSON.parse(readerOut.trim().split('\n').at(-1)!);
    expect(seen.errors).toEqual([]);
    expect(seen.decreases).toBe(0);
    expect(seen.recovered).toBe(0);
    expect(seen.reads).toBeGreaterThan(0);
    expect(seen.last).toBeLessThanOrEqual(WRITERS * TIMES);
  }, 600_000);
});
