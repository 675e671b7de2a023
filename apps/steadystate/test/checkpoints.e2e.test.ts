import { join } from 'node:path';
import { StateManager } from '@steadystate/checkpoint';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

type Box = ReturnType<typeof sandbox>;

/**
 * Checkpoints taken at fixed past times, in the box's json store (namespace "default"):
 * the CLI has no fake clock, so the library writes them with one. `times` maps a
 * name to an ISO time; hourly/daily/weekly buckets depend only on these times (UTC),
 * never on when the test runs.
 */
async function seedCheckpoints(box: Box, times: Record<string, string>): Promise<void> {
  let now = 0;
  const manager = await StateManager.open({
    backend: 'json',
    dir: join(box.cwd, '.steadystate'),
    namespace: 'default',
    clock: { now: () => now },
  });
  try {
    for (const [name, iso] of Object.entries(times)) {
      now = Date.parse(iso);
      await manager.save('step', name);
      await manager.checkpoint(name);
    }
  } finally {
    await manager.close();
  }
}

const names = async (box: Box) =>
  (await box.json<Array<{ name: string }>>(['checkpoints'])).map((c) => c.name);

/** Runs a prune rule as a dry run (checking the plan), then for real (checking what is left). */
async function pruneBoth(box: Box, rule: string[], keep: Record<string, string>, remove: string[]) {
  const before = await names(box);
  const dry = await box.expectRun(['prune', ...rule, '--dry-run']);
  for (const [name, reasons] of Object.entries(keep))
    expect(dry.stdout).toContain(`keep    ${name} (${reasons})\n`);
  for (const name of remove) expect(dry.stdout).toContain(`remove  ${name}\n`);
  expect(dry.stdout).toContain(
    `Would remove ${remove.length} checkpoint${remove.length === 1 ? '' : 's'}, kept ${Object.keys(keep).length} (dry run: nothing changed)`,
  );
  expect(await names(box)).toEqual(before);
  const real = await box.json<{ keep: Array<{ name: string }>; remove: string[] }>(['prune', ...rule]);
  expect(real.remove.sort()).toEqual([...remove].sort());
  expect(await names(box)).toEqual(before.filter((n) => !remove.includes(n)));
}

describe('prune by hour, day and week (checkpoints at fixed times)', () => {
  it('--keep-hourly N keeps the newest checkpoint of each of the last N hours that have one', async () => {
    const box = sandbox();
    await seedCheckpoints(box, {
      'h10-05': '2024-03-04T10:05:00Z',
      'h10-40': '2024-03-04T10:40:00Z',
      'h11-10': '2024-03-04T11:10:00Z',
      'h11-50': '2024-03-04T11:50:00Z',
      // 12:00-13:00 has none: the last 2 hours *that have one* are 13h and 11h
      'h13-30': '2024-03-04T13:30:00Z',
    });
    await pruneBoth(box, ['--keep-hourly', '2'], { 'h11-50': 'hourly', 'h13-30': 'newest, hourly' }, [
      'h10-05',
      'h10-40',
      'h11-10',
    ]);
    // what is left still restores
    await box.expectRun(['restore', 'h11-50']);
    expect((await box.expectRun(['load', 'step', '--raw'])).stdout).toBe('h11-50\n');
  });

  it('--keep-daily N keeps the newest checkpoint of each of the last N days (UTC) that have one', async () => {
    const box = sandbox();
    await seedCheckpoints(box, {
      'mar01-09h': '2024-03-01T09:00:00Z',
      'mar01-18h': '2024-03-01T18:00:00Z',
      'mar02-08h': '2024-03-02T08:00:00Z',
      'mar02-23h': '2024-03-02T23:59:59Z',
      'mar04-00h': '2024-03-04T00:00:00Z',
    });
    await pruneBoth(box, ['--keep-daily', '2'], { 'mar02-23h': 'daily', 'mar04-00h': 'newest, daily' }, [
      'mar01-09h',
      'mar01-18h',
      'mar02-08h',
    ]);
  });

  it('--keep-weekly N keeps the newest of each of the last N ISO weeks (Monday to Sunday, UTC)', async () => {
    const box = sandbox();
    await seedCheckpoints(box, {
      'tue-feb20': '2024-02-20T12:00:00Z',
      'sun-feb25': '2024-02-25T12:00:00Z',
      'tue-feb27': '2024-02-27T12:00:00Z',
      // a Sunday ends its ISO week: it belongs with Feb 27, not with Monday Mar 4
      'sun-mar03': '2024-03-03T23:00:00Z',
      'mon-mar04': '2024-03-04T01:00:00Z',
    });
    await pruneBoth(box, ['--keep-weekly', '2'], { 'sun-mar03': 'weekly', 'mon-mar04': 'newest, weekly' }, [
      'tue-feb20',
      'sun-feb25',
      'tue-feb27',
    ]);
  });

  it('rules combine: a checkpoint any rule keeps survives', async () => {
    const box = sandbox();
    await seedCheckpoints(box, {
      a: '2024-01-01T10:00:00Z',
      b: '2024-01-01T11:00:00Z',
      c: '2024-01-02T10:00:00Z',
      d: '2024-01-02T10:30:00Z',
    });
    await pruneBoth(
      box,
      ['--keep-hourly', '1', '--keep-daily', '2'],
      { b: 'daily', d: 'newest, hourly, daily' },
      ['a', 'c'],
    );
  });
});

describe('checkpoint without a NAME', () => {
  it('names it cp-<ISO time of the checkpoint>, a new name each time', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'phase', 'building']);
    const before = Date.now();
    const text = await box.expectRun(['checkpoint']);
    const after = Date.now();
    const m = /^Created checkpoint: (cp-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)) \(1 key, \d+ B\)\n$/.exec(
      text.stdout,
    );
    expect(m, text.stdout).not.toBeNull();
    const [, name, iso] = m as RegExpExecArray;
    const at = Date.parse(iso as string);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(after + 1);
    const second = await box.json<{ name: string; createdAt: number }>(['checkpoint']);
    expect(second.name).toMatch(/^cp-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z(-\d+)?$/);
    expect(second.name).not.toBe(name);
    expect(second.name.slice(3, 27)).toBe(new Date(second.createdAt).toISOString());
    const list = await box.json<Array<{ name: string; createdAt: number }>>(['checkpoints']);
    expect(list.map((c) => c.name)).toEqual([name, second.name]);
    expect(list[0]?.createdAt).toBe(at);
    await box.expectRun(['save', 'phase', 'testing']);
    await box.expectRun(['restore', name as string]);
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('building\n');
  });
});

describe('restore --latest', () => {
  it('restores the newest checkpoint; with none it exits 4', async () => {
    const box = sandbox(['--namespace', 'w']);
    const none = await box.expectRun(['restore', '--latest'], 4);
    expect(none.stderr).toBe(
      'steadystate: expected a checkpoint in namespace "w" to restore with --latest, found none\n',
    );
    await box.expectRun(['save', 'phase', 'plan']);
    await box.expectRun(['checkpoint', 'zz-first']);
    await box.expectRun(['save', 'phase', 'build']);
    await box.expectRun(['checkpoint', 'aa-second']); // newest by time, not by name
    await box.expectRun(['save', 'phase', 'broken']);
    expect((await box.expectRun(['restore', '--latest'])).stdout).toBe('Restored from: aa-second (1 key)\n');
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('build\n');
    expect(await box.json(['restore', '--latest'])).toEqual({ restored: 'aa-second', keys: ['phase'] });
    const both = await box.expectRun(['restore', 'zz-first', '--latest'], 64);
    expect(both.stderr).toMatch(
      /^steadystate: expected one of NAME, .* or --latest, found "zz-first" and --latest/,
    );
    expect((await box.expectRun(['restore', '--help'])).stdout).toContain('--latest');
  });
});

describe('stale without MAXAGE', () => {
  it('defaults to 10 minutes', async () => {
    const box = sandbox();
    expect((await box.expectRun(['stale', '--help'])).stdout).toMatch(/MAXAGE.*default 10m/s);
    const never = await box.expectRun(['stale'], 0);
    expect(never.stdout).toBe('stale: session default has no heartbeat within 10m (never had one)\n');
    await box.expectRun(['heartbeat']);
    const fresh = await box.expectRun(['stale', '--json'], 2);
    expect(JSON.parse(fresh.stdout)).toEqual({
      session: 'default',
      maxAgeMs: 600_000,
      stale: false,
      status: 'active',
    });
    // an explicit MAXAGE still wins, and SESSION still comes after it
    await box.expectRun(['stale', '1ms'], 0);
    await box.expectRun(['stale', '10m', 'other'], 0);
  });
});
