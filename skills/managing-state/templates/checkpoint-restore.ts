/**
 * Workflow state with checkpoints: save keys, checkpoint before a risky step, restore when it
 * goes wrong, and optimistic concurrency with revisions (`ifRevision`). On the JSON backend,
 * so the state is plain files you can look at.
 *
 * Copy into your project, then: npm install @steadystate/checkpoint
 * Run: npx tsx checkpoint-restore.ts
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConflictError, NotFoundError, StateManager } from '@steadystate/checkpoint';

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-restore-'));
  const state = await StateManager.open({ backend: 'json', namespace: 'workflow-123', dir });
  try {
    await state.save('current_phase', 'planning');
    await state.save('completed_tasks', ['scout']);
    await state.save('metadata', { user: 'dev', started: '2026-01-01' });
    await state.checkpoint('after_scouting');

    await state.save('current_phase', 'building');
    await state.save('completed_tasks', ['scout', 'plan', 'half-built']);
    await state.save('scratch', { tmp: true });
    console.log(
      `before restore: ${await state.load('current_phase')}, keys ${(await state.keys()).join(',')}`,
    );

    await state.restore('after_scouting'); // every key back, atomically; `scratch` is gone
    const phase = await state.load<string>('current_phase');
    const tasks = await state.load<string[]>('completed_tasks');
    console.log(`after restore: ${phase}, tasks ${tasks?.join(',')}, keys ${(await state.keys()).join(',')}`);

    // Two writers, one key: the second write names the revision it read, and loses.
    const seen = (await state.get('current_phase'))!;
    await state.save('current_phase', 'building', { ifRevision: seen.revision }); // writer A
    let conflict: string | undefined;
    try {
      await state.save('current_phase', 'testing', { ifRevision: seen.revision }); // writer B, stale
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      conflict = err.code;
      console.log(err.message);
    }

    let missing: string | undefined;
    try {
      await state.restore('no-such-checkpoint');
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      missing = err.code;
    }
    const checkpoints = await state.listCheckpoints();
    return {
      phase,
      tasks,
      keys: await state.keys(),
      fallback: await state.load('not-saved', 'default'),
      conflict,
      missing,
      checkpoints: checkpoints.map((c) => ({ name: c.name, keys: c.keys, pinned: c.pinned })),
      onDisk: readdirSync(join(dir, 'workflow-123'))
        .filter((f) => !f.startsWith('namespace.lock'))
        .sort(), // one file per key under entries/, one per checkpoint under checkpoints/
    };
  } finally {
    await state.close();
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
