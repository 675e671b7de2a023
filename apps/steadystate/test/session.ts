import { expect } from 'vitest';
import type { sandbox } from './helpers.js';

type Box = ReturnType<typeof sandbox>;

/**
 * Seed 004's scripted session, made real: init, save, load, checkpoint, change,
 * restore, list, prune (dry run, then for real). `box` runs the bin with the
 * backend's global options already given.
 */
export async function seedSession(box: Box, label: string): Promise<void> {
  const init = await box.expectRun(['init']);
  expect(init.stdout).toMatch(new RegExp(`^Initialized ${label} backend for \\S+ \\(.*, 0 keys\\)\\n$`));

  expect((await box.expectRun(['save', 'phase', 'building'])).stdout).toBe('Saved phase (revision 1)\n');
  expect((await box.expectRun(['save', 'completed_tasks', '["scout","plan"]'])).stdout).toBe(
    'Saved completed_tasks (revision 1)\n',
  );
  await box.expectRun(['save', 'metadata', '{"timestamp": "2024-01-01", "user": "dev"}']);

  expect((await box.expectRun(['load', 'phase'])).stdout).toBe('"building"\n');
  expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('building\n');
  expect((await box.expectRun(['load', 'completed_tasks'])).stdout).toBe('[\n  "scout",\n  "plan"\n]\n');
  expect(JSON.parse((await box.expectRun(['load', 'metadata'])).stdout)).toEqual({
    timestamp: '2024-01-01',
    user: 'dev',
  });

  expect((await box.expectRun(['checkpoint', 'after_planning'])).stdout).toMatch(
    /^Created checkpoint: after_planning \(3 keys, \d+(\.\d)? K?B\)\n$/,
  );

  // the workflow moves on ...
  expect((await box.expectRun(['save', 'phase', 'testing'])).stdout).toBe('Saved phase (revision 2)\n');
  await box.expectRun(['save', 'completed_tasks', '["scout","plan","build"]']);
  await box.expectRun(['save', 'scratch', '42']);
  await box.expectRun(['delete', 'metadata']);
  expect(await box.json(['keys'])).toEqual(['completed_tasks', 'phase', 'scratch']);

  // ... and goes back
  expect((await box.expectRun(['restore', 'after_planning'])).stdout).toBe(
    'Restored from: after_planning (3 keys)\n',
  );
  expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('building\n');
  expect(await box.json(['load', 'completed_tasks'])).toMatchObject({
    key: 'completed_tasks',
    value: ['scout', 'plan'],
  });
  expect(JSON.parse((await box.expectRun(['load', 'metadata'])).stdout)).toEqual({
    timestamp: '2024-01-01',
    user: 'dev',
  });
  const gone = await box.expectRun(['load', 'scratch'], 4);
  expect(gone.stderr).toMatch(/^steadystate: expected key "scratch" in namespace ".+", found no such key\n$/);
  expect(await box.json(['keys'])).toEqual(['completed_tasks', 'metadata', 'phase']);
  // a restore raises revisions, so a writer holding an old revision notices
  const phase = await box.json<{ revision: number }>(['load', 'phase']);
  expect(phase.revision).toBeGreaterThan(2);

  // more checkpoints, then the list
  await box.expectRun(['save', 'phase', 'review']);
  await box.expectRun(['checkpoint', 'after_build']);
  await box.expectRun(['save', 'phase', 'done']);
  await box.expectRun(['checkpoint', 'final']);
  const list = await box.expectRun(['checkpoints']);
  const lines = list.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME\s+CREATED\s+KEYS\s+SIZE\s+PINNED$/);
  expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['after_planning', 'after_build', 'final']);
  expect(lines[1]).toMatch(
    /^after_planning\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(.+\)\s+3\s+\d+(\.\d)? K?B\s+-$/,
  );
  const cps = await box.json<Array<{ name: string; keys: number; pinned: boolean; createdAt: number }>>([
    'checkpoints',
  ]);
  expect(cps.map((c) => [c.name, c.keys, c.pinned])).toEqual([
    ['after_planning', 3, false],
    ['after_build', 3, false],
    ['final', 3, false],
  ]);

  // prune: the dry run changes nothing; pinned and newest survive the real one
  const dry = await box.expectRun(['prune', '--keep-last', '1', '--dry-run']);
  expect(dry.stdout).toMatch(/^keep {4}final \(.+\)$/m);
  expect(dry.stdout).toMatch(/^remove {2}after_planning$/m);
  expect(dry.stdout).toMatch(/^remove {2}after_build$/m);
  expect(dry.stdout).toContain('Would remove 2 checkpoints, kept 1 (dry run: nothing changed)');
  expect((await box.json<unknown[]>(['checkpoints'])).length).toBe(3);

  expect((await box.expectRun(['pin', 'after_planning'])).stdout).toBe('Pinned after_planning\n');
  const plan = await box.json<{ keep: Array<{ name: string }>; remove: string[]; dryRun: boolean }>([
    'prune',
    '--keep-last',
    '1',
    '--dry-run',
  ]);
  expect(plan.remove).toEqual(['after_build']);
  expect(plan.dryRun).toBe(true);

  const real = await box.expectRun(['prune', '--keep-last', '1']);
  expect(real.stdout).toMatch(/^Removed 1 checkpoint, kept 2; freed \d+(\.\d)? K?B\n$/m);
  expect(
    (await box.json<Array<{ name: string; pinned: boolean }>>(['checkpoints'])).map((c) => [
      c.name,
      c.pinned,
    ]),
  ).toEqual([
    ['after_planning', true],
    ['final', false],
  ]);
  // the pinned one still restores after the prune collected unreferenced data
  await box.expectRun(['restore', 'after_planning']);
  expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('building\n');
  expect((await box.expectRun(['unpin', 'after_planning'])).stdout).toBe('Unpinned after_planning\n');
}
