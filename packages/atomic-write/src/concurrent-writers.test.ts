import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { makeDocument, verifyDocument } from '../test/fixtures/documents.mjs';
import { scratchDir } from '../test/scratch-dir.js';
import { readJson } from './read-json.js';
import { writeJsonAtomic } from './write-json.js';

const writerScript = fileURLToPath(new URL('../test/fixtures/contend-writer.mjs', import.meta.url));
const WRITERS = 4;
const WRITES_EACH = 60;

describe('4 processes writing one file while a reader polls it', () => {
  it('gives the reader no torn read: every read parses and validates', async () => {
    const dir = scratchDir();
    const file = join(dir, 'doc.json');
    await writeJsonAtomic(file, makeDocument('init', 0, 1024));

    const writers = Array.from({ length: WRITERS }, (_, i) => {
      const child = spawnNode(writerScript, [file, `w${i}`, String(WRITES_EACH)]);
      let out = '';
      let err = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d;
      });
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        err += d;
      });
      const exited = once(child, 'exit').then(([code]) => ({ code, out, err }));
      return { child, exited, ready: () => out.includes('ready\n') };
    });
    while (!writers.every((w) => w.ready())) await new Promise((r) => setTimeout(r, 10));
    for (const w of writers) w.child.stdin?.end('go\n');

    let running = true;
    const all = Promise.all(writers.map((w) => w.exited)).finally(() => {
      running = false;
    });
    let reads = 0;
    const torn: string[] = [];
    const seenWriters = new Set<string>();
    while (running) {
      try {
        const doc = await readJson<{ writer: string }>(file);
        const broken = verifyDocument(doc);
        if (broken) torn.push(broken);
        else seenWriters.add(doc!.writer);
      } catch (e) {
        torn.push((e as Error).message);
      }
      reads += 1;
    }

    const results = await all;
    expect(results.map((r) => [r.code, r.err])).toEqual(writers.map(() => [0, '']));
    expect(torn).toEqual([]);
    expect(reads).toBeGreaterThan(50); // the reader really ran alongside the writers
    expect(seenWriters.size).toBeGreaterThanOrEqual(2); // ... and saw their writes interleave
    const last = await readJson<{ writer: string; generation: number }>(file);
    expect(verifyDocument(last)).toBeUndefined();
    expect(last!.generation).toBe(WRITES_EACH); // the file ends as some writer's final document
    expect(readdirSync(dir)).toEqual(['doc.json']);
  }, 120_000);
});
