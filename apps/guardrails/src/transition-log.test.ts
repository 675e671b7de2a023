import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BreakerEvent, CircuitBreaker, FileStore } from '@steadystate/circuit-breaker';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { statePath } from './paths.js';
import { appendTransition, type LogEntry, MAX_LOG_BYTES, readTransitions } from './transition-log.js';

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

  it('reads oldest first by time: a half-open noticed late goes before what happened meanwhile', async () => {
    // the repro: a opens, b opens after a's cooldown, then a's next call notices the half-open
    const dir = tempDir();
    const T = Date.parse('2026-02-10T19:13:15Z');
    let now = T;
    const call = async (name: string, ok: boolean) => {
      const events: BreakerEvent[] = [];
      const breaker = new CircuitBreaker({
        name,
        store: new FileStore(statePath(dir)),
        clock: { now: () => now },
        policy: { failureThreshold: 1, cooldownMs: 1000, jitter: 0 },
        onEvent: (e) => events.push(e),
      });
      const permit = await breaker.acquire();
      if (permit.allowed) await (ok ? permit.success() : permit.failure(new Error('exit 1')));
      for (const e of events) await appendTransition(dir, { ...e, hook: name });
    };
    await call('a', false);
    now = T + 3000;
    await call('b', false);
    await call('a', true);
    const seen = (list: LogEntry[]) => list.map((e) => `${e.hook} ${e.type} ${(e.at - T) / 1000}`);
    const written = readFileSync(join(dir, 'transitions.jsonl'), 'utf8').trim().split('\n');
    // appended in the order noticed: a's half-open, dated at the end of its cooldown, after b's open
    expect(seen(written.map((l) => JSON.parse(l)))).toEqual([
      'a opened 0',
      'b opened 3',
      'a half_opened 1',
      'a trial_started 3',
    ]);
    expect(seen(await readTransitions(dir))).toEqual([
      'a opened 0',
      'a half_opened 1',
      'b opened 3',
      'a trial_started 3',
    ]);
    expect(seen(await readTransitions(dir, { limit: 3 }))).toEqual([
      'a half_opened 1',
      'b opened 3',
      'a trial_started 3',
    ]);
  });

  it('keeps the written order of entries with the same time (stable)', async () => {
    const dir = tempDir();
    const at = (i: number, hook: string) => ({ ...event(i), hook, name: hook });
    for (const [i, hook] of [
      [5, 'x'],
      [1, 'a'],
      [5, 'y'],
      [1, 'b'],
      [5, 'z'],
      [0, 'c'],
    ] as const)
      await appendTransition(dir, at(i, hook));
    expect((await readTransitions(dir)).map((e) => e.hook)).toEqual(['c', 'a', 'b', 'x', 'y', 'z']);
    expect((await readTransitions(dir, { limit: 4 })).map((e) => e.hook)).toEqual(['b', 'x', 'y', 'z']);
  });
});
