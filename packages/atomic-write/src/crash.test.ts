import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { verifyDocument } from '../test/fixtures/documents.mjs';
import { scratchDir } from '../test/scratch-dir.js';
import { readJson } from './read-json.js';
import { sweepTempFiles } from './sweep.js';
import { isTempFile } from './temp-name.js';

const writer = fileURLToPath(new URL('../test/fixtures/crash-writer.mjs', import.meta.url));
const KILLS = 200;
const LANES = 4; // independent folders killed in parallel, to keep the test short
const MAX_DELAY_MS = 40; // after the writer is up: spans several writes of 64-320 KB

interface Writer {
  child: ChildProcess;
  exited: Promise<unknown[]>;
  /** Resolves when the writer printed this word on a line of its own. */
  said(word: string): Promise<void>;
}

/** Boots a writer; it waits for "go" on stdin before touching the file. */
function bootWriter(file: string, api: string): Writer {
  const child = spawnNode(writer, [file, api]);
  const exited = once(child, 'exit');
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of waiters) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.split('\n').includes(word) && resolve();
      waiters.push(check);
      check();
      exited.then(([code, signal]) =>
        reject(new Error(`writer ended (${code ?? signal}) before "${word}": ${err}`)),
      );
    });
  return { child, exited, said };
}

interface LaneReport {
  dir: string;
  generation: number | undefined;
  advanced: number;
  tempsLeft: number;
  problems: string[];
}

async function lane(dir: string, api: 'async' | 'sync', kills: number): Promise<LaneReport> {
  const file = join(dir, 'doc.json');
  const report: LaneReport = { dir, generation: undefined, advanced: 0, tempsLeft: 0, problems: [] };
  let next = bootWriter(file, api);
  for (let k = 0; k < kills; k++) {
    const current = next;
    await current.said('ready');
    current.child.stdin?.write('go\n');
    await current.said('started');
    if (k + 1 < kills) next = bootWriter(file, api); // boots while this one writes; waits for "go"
    await new Promise((r) => setTimeout(r, Math.random() * MAX_DELAY_MS));
    current.child.kill('SIGKILL');
    const [, signal] = await current.exited;
    if (signal !== 'SIGKILL') report.problems.push(`kill ${k}: writer ended by ${signal}, not SIGKILL`);

    const doc = await readJson<{ generation: number }>(file).catch((e: Error) => e);
    if (doc instanceof Error) report.problems.push(`kill ${k}: ${doc.message}`);
    else if (doc === undefined) {
      if (report.generation !== undefined) report.problems.push(`kill ${k}: file vanished`);
    } else {
      const broken = verifyDocument(doc);
      if (broken) report.problems.push(`kill ${k}: ${broken}`);
      if (report.generation !== undefined && doc.generation < report.generation)
        report.problems.push(
          `kill ${k}: generation went back from ${report.generation} to ${doc.generation}`,
        );
      if (doc.generation !== report.generation) report.advanced += 1;
      report.generation = doc.generation;
    }
    const strangers = readdirSync(dir).filter((n) => n !== 'doc.json' && !isTempFile(n));
    if (strangers.length > 0)
      report.problems.push(`kill ${k}: unrecognised leftovers ${strangers.join(', ')}`);
  }
  report.tempsLeft = readdirSync(dir).filter(isTempFile).length;
  return report;
}

describe('a writer killed with SIGKILL at random moments', () => {
  it(`leaves the old or the new document after each of ${KILLS} kills, and sweepTempFiles removes every temp file`, async () => {
    const lanes = Array.from(
      { length: LANES },
      (_, i) => ({ dir: scratchDir(), api: i % 2 ? 'sync' : 'async' }) as const,
    );
    const reports = await Promise.all(lanes.map(({ dir, api }) => lane(dir, api, KILLS / LANES)));

    expect(reports.flatMap((r) => r.problems)).toEqual([]);
    for (const r of reports) {
      expect(r.generation).toBeGreaterThan(0); // writes completed between kills
      expect(r.advanced).toBeGreaterThan(0);
    }
    // the kills did land mid-write: temp files were left behind
    const tempsLeft = reports.reduce((n, r) => n + r.tempsLeft, 0);
    expect(tempsLeft).toBeGreaterThan(0);

    for (const r of reports) {
      expect(await sweepTempFiles(r.dir, { olderThanMs: 3_600_000 })).toEqual([]); // none is an hour old
      const removed = await sweepTempFiles(r.dir, { olderThanMs: 0 });
      expect(removed).toHaveLength(r.tempsLeft);
      expect(readdirSync(r.dir)).toEqual(['doc.json']);
    }
  }, 180_000);
});
