import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

describe('batch: a work list that survives the process', () => {
  it('hands out items across separate invocations and resumes where it stopped', async () => {
    const box = sandbox(['--backend', 'sqlite', '--file', 'work.db']);
    expect((await box.expectRun(['batch', 'create', 'nightly', 'a.csv', 'b.csv', 'c.csv'])).stdout).toBe(
      'Batch nightly: 3 items\n',
    );
    // creating it again with the same items changes nothing (a restarted script may do that)
    await box.expectRun(['batch', 'create', 'nightly', 'a.csv', 'b.csv', 'c.csv']);

    expect((await box.expectRun(['batch', 'next', 'nightly'])).stdout).toBe('a.csv\n');
    // not marked yet: the same item again (the worker crashed before "done")
    expect((await box.expectRun(['batch', 'next', 'nightly'])).stdout).toBe('a.csv\n');
    expect((await box.expectRun(['batch', 'done', 'nightly', 'a.csv'])).stdout).toBe(
      'nightly: a.csv completed\n',
    );
    expect((await box.expectRun(['batch', 'next', 'nightly'])).stdout).toBe('b.csv\n');
    await box.expectRun(['batch', 'fail', 'nightly', 'b.csv', 'exit 3: parse error']);
    expect((await box.expectRun(['batch', 'next', 'nightly'])).stdout).toBe('c.csv\n');

    const status = await box.expectRun(['batch', 'status', 'nightly']);
    expect(status.stdout).toBe(
      'nightly: 1 of 3 completed, 1 failed, 1 pending\n  failed b.csv: exit 3: parse error\n',
    );
    expect(await box.json(['batch', 'status', 'nightly'])).toEqual({
      id: 'nightly',
      total: 3,
      completed: ['a.csv'],
      failed: [{ item: 'b.csv', error: 'exit 3: parse error' }],
      pending: 1,
    });

    await box.expectRun(['batch', 'complete', 'nightly', 'c.csv']);
    const end = await box.expectRun(['batch', 'next', 'nightly'], 4);
    expect(end.stdout).toBe('');
    expect(end.stderr).toBe(
      'steadystate: expected a pending item in batch "nightly", found none (2 completed, 1 failed)\n',
    );
  });

  it('a shell loop over "batch next" processes every item exactly once', async () => {
    const box = sandbox();
    await box.expectRun(['batch', 'create', 'job', 'one', 'two', 'three']);
    const seen: string[] = [];
    for (;;) {
      const next = await box.run(['batch', 'next', 'job']);
      if (next.code === 4) break;
      expect(next.code, next.stderr).toBe(0);
      const item = next.stdout.trim();
      seen.push(item);
      await box.expectRun(['batch', 'done', 'job', item]);
      expect(seen.length).toBeLessThan(10);
    }
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('creating an existing batch with other items is a conflict (exit 3); an unknown item is not found', async () => {
    const box = sandbox();
    await box.expectRun(['batch', 'create', 'job', 'one', 'two']);
    const r = await box.expectRun(['batch', 'create', 'job', 'one', 'three'], 3);
    expect(r.stderr).toMatch(
      /^steadystate: expected batch "job" to be created with the same items as before/,
    );
    expect(await box.json(['batch', 'status', 'job'])).toMatchObject({ total: 2, pending: 2 });
    const unknown = await box.expectRun(['batch', 'done', 'job', 'nine'], 4);
    expect(unknown.stderr).toMatch(/expected batch "job" item "nine" to exist, found none/);
  });
});
