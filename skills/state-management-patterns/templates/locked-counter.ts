/**
 * Many processes, one state file, no lost update: every change goes through
 * `StateFile.update()` (cross-process lock -> read -> change -> validate -> atomic write).
 * Plus `withLock` for a resource that is not a JSON document, with its fencing token.
 *
 * Copy into your project, then: npm install @steadystate/state-file @steadystate/file-lock @steadystate/schema-migration zod
 * Run: npx tsx locked-counter.ts   (it starts copies of itself as workers)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withLock } from '@steadystate/file-lock';
import { defineVersioned } from '@steadystate/schema-migration';
import { openStateFile } from '@steadystate/state-file';
import { z } from 'zod';

const counter = defineVersioned({
  name: 'counter',
  version: '1.0.0',
  schema: z.object({ count: z.number().int().min(0), lastWriter: z.number().int().nullable() }),
  defaults: () => ({ count: 0, lastWriter: null }),
});

/** What one worker process does: `increments` locked updates, then one fenced log line. */
async function worker(dir: string, increments: number) {
  const file = openStateFile(join(dir, 'counter.json'), counter);
  for (let i = 0; i < increments; i++) {
    await file.update((draft) => {
      draft.count += 1;
      draft.lastWriter = process.pid;
    });
  }
  const log = join(dir, 'workers.log');
  await withLock(log, async (handle) => {
    handle.signal.throwIfAborted(); // lost the lock (e.g. taken over after a pause)? do not write
    appendFileSync(log, `${handle.token} ${process.pid}\n`);
  });
}

function run(args: string[]): Promise<number | null> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, self, ...args], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
}

export async function main(workers = 4, increments = 25) {
  const dir = mkdtempSync(join(tmpdir(), 'locked-counter-'));
  try {
    const codes = await Promise.all(
      Array.from({ length: workers }, () => run(['worker', dir, String(increments)])),
    );
    const { count } = await openStateFile(join(dir, 'counter.json'), counter).read();
    const tokens = readFileSync(join(dir, 'workers.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => Number(line.split(' ')[0]));
    console.log(
      `${workers} processes x ${increments} increments = ${count} (expected ${workers * increments})`,
    );
    console.log(`fencing tokens in log order: ${tokens.join(' ')}`);
    return {
      count,
      expected: workers * increments,
      codes,
      tokensIncrease: tokens.every((t, i) => i === 0 || t > tokens[i - 1]!),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, dir, n] = process.argv.slice(2);
  const job =
    mode === 'worker' && dir ? worker(dir, Number(n)) : main().then((r) => console.log(JSON.stringify(r)));
  job.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
