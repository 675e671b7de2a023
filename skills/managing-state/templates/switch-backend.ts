/**
 * Switching backends without touching the code that uses the state: the same function runs on
 * SQLite, then `copyNamespace` moves every key and checkpoint to the JSON backend and verifies
 * the copy by content hash, and the same function carries on there.
 *
 * Copy into your project, then: npm install @steadystate/checkpoint better-sqlite3
 * Run: npx tsx switch-backend.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyNamespace, StateManager } from '@steadystate/checkpoint';

/** Application code: knows nothing about where the state lives. */
async function step(state: StateManager, task: string) {
  const done = await state.load<string[]>('done', []);
  await state.save('done', [...(done ?? []), task]);
  await state.checkpoint(`after-${task}`);
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'switch-backend-'));
  try {
    const sqlite = await StateManager.open({
      backend: 'sqlite',
      namespace: 'wf-1',
      file: join(dir, 'state.db'),
    });
    await step(sqlite, 'scout');
    await step(sqlite, 'plan');

    const json = await StateManager.open({ backend: 'json', namespace: 'wf-1', dir: join(dir, 'json') });
    const progress: string[] = [];
    const copied = await copyNamespace(sqlite, json, { onProgress: (d, t) => progress.push(`${d}/${t}`) });
    console.log(
      `copied ${copied.keys} key(s) and ${copied.checkpoints} checkpoint(s), verified: ${copied.verified}`,
    );
    await sqlite.close();

    await step(json, 'build'); // the same code, on the new backend
    await json.restore('after-plan'); // checkpoints came along
    const done = await json.load<string[]>('done');
    const checkpoints = (await json.listCheckpoints()).map((c) => c.name);
    console.log(`on json: done ${done?.join(',')}; checkpoints ${checkpoints.join(', ')}`);
    await json.close();
    return { copied, progress, done, checkpoints };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
