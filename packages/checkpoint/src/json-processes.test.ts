import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { StateManager } from './state-manager.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);

describe('json backend across processes', () => {
  it('4 processes doing ifRevision increments on one key lose no update', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const go = join(dir, 'go');
    const children = Array.from({ length: 4 }, () =>
      runNode(fixture('cas-writer.mjs'), [dir, 'shared', '25', go]),
    );
    await sleep(500);
    writeFileSync(go, '');
    const results = await Promise.all(children);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const counts = results.map((r) => JSON.parse(r.stdout) as { successes: number; conflicts: number });
    expect(counts.reduce((s, c) => s + c.successes, 0)).toBe(100);
    expect(counts.reduce((s, c) => s + c.conflicts, 0)).toBeGreaterThan(0);
    const m = await StateManager.open({ backend: 'json', namespace: 'shared', dir });
    expect(await m.get('counter')).toMatchObject({ value: 100, revision: 100 });
  });
});
