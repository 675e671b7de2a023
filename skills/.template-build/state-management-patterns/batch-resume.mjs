import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineVersioned } from '@steadystate/schema-migration';
import { openStateFile } from '@steadystate/state-file';
import { z } from 'zod';

const KEEP_FINISHED = 3;
const batchDoc = defineVersioned({
  name: 'batch-state',
  version: '1.0.0',
  schema: z.object({
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
  }),
  defaults: () => ({ current: null, finished: [] }),
});
async function startOrResume(state, batchId, items) {
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
        startedAt: /* @__PURE__ */ new Date().toISOString(),
      };
    }
  });
  return doc.current;
}
async function runBatch(path, crashAfter) {
  const state = openStateFile(path, batchDoc);
  const items = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  const batch = await startOrResume(state, 'nightly-1', items);
  const done = /* @__PURE__ */ new Set([...batch.completed, ...batch.failed.map((f) => f.item)]);
  let processed = 0;
  for (const item of batch.items) {
    if (done.has(item)) continue;
    if (crashAfter !== void 0 && processed === crashAfter) process.exit(137);
    try {
      if (item === 'delta') throw new Error('delta: upstream returned 503');
      await state.update((d) => {
        d.current.completed.push(item);
      });
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 200);
      await state.update((d) => {
        d.current.failed.push({ item, error });
      });
    }
    processed++;
  }
  const final = await state.update((d) => {
    const c = d.current;
    d.finished = [
      { batchId: c.batchId, completed: c.completed.length, failed: c.failed.length },
      ...d.finished,
    ].slice(0, KEEP_FINISHED);
    d.current = null;
  });
  return { attempts: batch.attempts, processedThisRun: processed, summary: final.finished[0] };
}
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'batch-resume-'));
  const path = join(dir, 'batch.json');
  try {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, self, 'crash', path], { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.on('close', resolve));
    const afterCrash = (await openStateFile(path, batchDoc).read()).current;
    console.log(`run 1 died with exit ${code} after: ${afterCrash.completed.join(', ')}`);
    const resumed = await runBatch(path, void 0);
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
  job.catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

export { main };
