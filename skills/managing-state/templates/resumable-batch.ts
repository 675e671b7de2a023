/**
 * A batch that survives a crash, with `StateManager.batch()`: the first run is a child process
 * that dies after two items; the second run calls `create` with the same items (a no-op) and
 * `next()` continues at the first item neither completed nor failed. Heartbeats let a
 * supervisor tell a dead run from a slow one.
 *
 * Copy into your project, then: npm install @steadystate/checkpoint better-sqlite3
 * Run: npx tsx resumable-batch.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StateManager } from '@steadystate/checkpoint';

const ITEMS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const open = (file: string) => StateManager.open({ backend: 'sqlite', file, namespace: 'nightly' });

/** One run of the job; `crashAfter` items kills the process without any cleanup. */
async function runJob(file: string, crashAfter?: number) {
  const state = await open(file);
  const batch = state.batch('2026-01-01');
  await batch.create(ITEMS); // the same items again: resume, not an error
  const handled: string[] = [];
  for (let item = await batch.next(); item !== undefined; item = await batch.next()) {
    if (handled.length === crashAfter) process.exit(137);
    await state.heartbeat('worker');
    try {
      if (item === 'delta') throw new Error('delta: upstream returned 503');
      await batch.complete(item);
    } catch (err) {
      await batch.fail(item, err); // recorded, and next() moves on
    }
    handled.push(item);
  }
  const progress = await batch.progress();
  await state.close();
  return { handled, progress };
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'resumable-batch-'));
  const file = join(dir, 'state.db');
  try {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, self, 'crash', file], { stdio: 'inherit' });
    const crashExit = await new Promise<number | null>((resolve) => child.on('close', resolve));

    const supervisor = await open(file);
    const staleNow = await supervisor.isStale(60_000, 'worker'); // beat moments ago: not stale yet
    const afterCrash = await supervisor.batch('2026-01-01').progress();
    await supervisor.close();
    console.log(`run 1 died (exit ${crashExit}) after: ${afterCrash.completed.join(', ')}`);

    const second = await runJob(file);
    console.log(`run 2 handled: ${second.handled.join(', ')}`);
    console.log(`progress: ${JSON.stringify(second.progress)}`);
    return { crashExit, staleNow, completedBeforeCrash: afterCrash.completed, ...second };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, file] = process.argv.slice(2);
  const job = mode === 'crash' && file ? runJob(file, 2) : main().then((r) => console.log(JSON.stringify(r)));
  job.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
