import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { appendTransition, MAX_LOG_BYTES, readTransitions } from './transition-log.js';

const event = (i: number) => ({
  type: 'opened' as const,
  name: 'lint',
  hook: 'lint',
  from: 'closed' as const,
  to: 'open' as const,
  at: 1_700_000_000_000 + i,
  reason: '3 consecutive failures',
  error: `exit 1: boom ${i}`,
});

describe('transition log', () => {
  it('appends JSON lines and reads them back newest last', async () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) await appendTransition(dir, event(i));
    const lines = readFileSync(join(dir, 'transitions.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: new Date(event(0).at).toISOString(),
      at: event(0).at,
      hook: 'lint',
      type: 'opened',
      from: 'closed',
      to: 'open',
      reason: '3 consecutive failures',
      error: 'exit 1: boom 0',
    });
    const last2 = await readTransitions(dir, { limit: 2 });
    expect(last2.map((e) => e.error)).toEqual(['exit 1: boom 3', 'exit 1: boom 4']);
  });

  it('gives nothing for a missing log and skips a torn last line', async () => {
    const dir = tempDir();
    expect(await readTransitions(dir)).toEqual([]);
    await appendTransition(dir, event(1));
    writeFileSync(join(dir, 'transitions.jsonl'), '{"at": 12', { flag: 'a' });
    expect(await readTransitions(dir)).toHaveLength(1);
  });

  it('keeps every line of parallel writers', async () => {
    const dir = tempDir();
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendTransition(dir, event(i))));
    const all = await readTransitions(dir);
    expect(new Set(all.map((e) => e.at)).size).toBe(50);
  });

  it('rotates past 1 MB, keeps 3 old files and reads across them', async () => {
    const dir = tempDir();
    const file = join(dir, 'transitions.jsonl');
    const filler = `${'x'.repeat(MAX_LOG_BYTES - 11)}\n`; // one unparseable line: skipped by readers
    for (let round = 0; round < 5; round++) {
      writeFileSync(file, filler);
      await appendTransition(dir, event(round));
    }
    expect(readdirSync(dir).sort()).toEqual([
      'transitions.jsonl.1',
      'transitions.jsonl.2',
      'transitions.jsonl.3',
    ]);
    const tail = readFileSync(`${file}.1`, 'utf8').trim().split('\n').at(-1) as string;
    expect(JSON.parse(tail).error).toBe('exit 1: boom 4');
    const newest = await readTransitions(dir, { limit: 1 });
    expect(newest[0]?.error).toBe('exit 1: boom 4');
  });
});
