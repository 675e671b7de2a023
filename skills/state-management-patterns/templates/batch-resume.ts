/**
 * Crash recovery for a batch job (seed 001's BatchState): the state says which items are
 * done or failed, every step is one locked atomic update, and a restarted run resumes at
 * the first pending item. Finished batches are kept in a bounded list (no unbounded growth).
 *
 * Copy into your project, then: npm install @steadystate/state-file @steadystate/schema-migration zod
 * Run: npx tsx batch-resume.ts   (the first run is a child process that dies mid-batch)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineVersioned } from '@steadystate/schema-migration';
import { openStateFile, type StateFile } from '@steadystate/state-file';
import { z } from 'zod';

const KEEP_FINISHED = 3;

const batchSchema = z.object({
  current: z
    .object({
      batchId: z.string(),
      items: z.array(z.string()),
      completed: z.array(z.string()),
      failed: z.array(z.object({ item: z.string(), error: z.string().max(200) })),
      attempts: z.number().int(),
      startedAt: z.string(),
    })
    .nullable(),
  finished: z
    .array(z.object({ batchId: z.string(), completed: z.number(), failed: z.number() }))
    .max(KEEP_FINISHED),
});
type BatchDoc = z.output<typeof batchSchema>;

const batchDoc = defineVersioned({
  name: 'batch-state',
  version: '1.0.0',
  schema: batchSchema,
  defaults: (): BatchDoc => ({ current: null, finished: [] }),
});

/** Starts the batch, or resumes it when the same batch is already in the file. */
async function startOrResume(state: StateFile<BatchDoc>, batchId: string, items: string[]) {
  const doc = await state.update((draft) => {
    if (draft.current?.batchId === batchId) draft.current.attempts += 1;
    else {
      if (draft.current) throw new Error(`batch ${draft.current.batchId} is still running`);
      draft.current = {
        batchId,
        items,
        completed: [],
        failed: [],
        attempts: 1,
        startedAt: new Date().toISOString(),
      };
    }
  });
  return doc.current!;
}

async function runBatch(path: string, crashAfter: number | undefined) {
  const state = openStateFile(path, batchDoc);
  const items = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  const batch = await startOrResume(state, 'nightly-1', items);
  const done = new Set([...batch.completed, ...batch.failed.map((f) => f.item)]);
  let processed = 0;
  for (const item of batch.items) {
    if (done.has(item)) continue; // resume: skip what a previous run finished
    if (crashAfter !== undefined && processed === crashAfter) process.exit(137); // a crash: no cleanup runs
    try {
      if (item === 'delta') throw new Error('delta: upstream returned 503');
      await state.update((d) => {
        d.current!.completed.push(item);
      });
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 200);
      await state.update((d) => {
        d.current!.failed.push({ item, error });
      });
    }
    processed++;
  }
  const final = await state.update((d) => {
    const c = d.current!;
    d.finished = [
      { batchId: c.batchId, completed: c.completed.length, failed: c.failed.length },
      ...d.finished,
    ].slice(0, KEEP_FINISHED);
    d.current = null;
  });
  return { attempts: batch.attempts, processedThisRun: processed, summary: final.finished[0]! };
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'batch-resume-'));
  const path = join(dir, 'batch.json');
  try {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, self, 'crash', path], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const afterCrash = (await openStateFile(path, batchDoc).read()).current!;
    console.log(`run 1 died with exit ${code} after: ${afterCrash.completed.join(', ')}`);

    const resumed = await runBatch(path, undefined);
    console.log(`run 2 (attempt ${resumed.attempts}) processed ${resumed.processedThisRun} item(s)`);
    console.log(`finished: ${JSON.stringify(resumed.summary)}`);
    return { crashExit: code, completedBeforeCrash: afterCrash.completed, ...resumed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, path] = process.argv.slice(2);
  const job =
    mode === 'crash' && path ? runBatch(path, 2) : main().then((r) => console.log(JSON.stringify(r)));
  job.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
