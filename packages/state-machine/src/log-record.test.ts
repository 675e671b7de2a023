import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { defineMachine } from './define-machine.js';
import { EventLogCorruptError, InvalidOptionError, SinkError } from './errors.js';
import { EventLog } from './event-log.js';

const ev = (entity: string, payload: Record<string, unknown> = {}) => ({
  entity_type: 'job',
  entity_id: entity,
  event_type: 'go',
  payload,
});

function newLog() {
  const path = join(tempDir(), 'transitions.jsonl');
  return { path, log: new EventLog(path) };
}

describe('EventLog.append checks and serialises each record on its own', () => {
  it('a record JSON cannot encode rejects alone; the appends grouped with it are written', async () => {
    const { log } = newLog();
    const results = await Promise.allSettled([
      log.append(ev('first')),
      log.append(ev('good-A')),
      log.append(ev('bad', { size: 10n })),
      log.append(ev('good-B')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const reason = (results[2] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(InvalidOptionError);
    expect(reason).toMatchObject({ code: 'EINVALIDOPTION', option: 'payload' });
    expect(reason.message).toMatch(/^state-machine: expected payload to be an object of JSON data, found /);
    expect(reason.cause).toBeInstanceOf(TypeError); // what JSON.stringify said
    expect((await log.query()).map((l) => [l.seq, l.entity_id])).toEqual([
      [1, 'first'],
      [2, 'good-A'],
      [3, 'good-B'],
    ]);
    expect(await log.verify()).toEqual({ ok: true, lines: 3, files: 1, lastSeq: 3 });
  });

  it('through actors: only the actor whose payload cannot be encoded gets a SinkError', async () => {
    const { log } = newLog();
    const m = defineMachine({ id: 'job', initial: 'a', states: { a: { on: { go: 'b' } }, b: {} } });
    const [x, good, bad] = ['x', 'good', 'bad'].map((entity) => m.start(undefined, { sinks: [log], entity }));
    x?.send('go'); // starts a locked write ...
    good?.send('go'); // ... these two queue behind it, together
    bad?.send({ type: 'go', size: 10n });
    await expect(x?.flush()).resolves.toBeUndefined();
    await expect(good?.flush()).resolves.toBeUndefined();
    const error = await bad?.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).cause).toBeInstanceOf(InvalidOptionError);
    expect((await log.query()).map((l) => l.entity_id)).toEqual(['x', 'good']);
  });

  it('writes the record as it was when append was called, not as changed before the write', async () => {
    const { log } = newLog();
    const details = { reason: 'timeout', tags: ['a'] };
    const blocker = log.append(ev('first')); // the next append waits for this write
    const pending = log.append(ev('j', { details }));
    details.reason = 'CHANGED';
    details.tags.push('b');
    await blocker;
    expect((await pending).payload).toEqual({ details: { reason: 'timeout', tags: ['a'] } });
    expect((await log.query({ entity: 'j' }))[0]?.payload).toEqual({
      details: { reason: 'timeout', tags: ['a'] },
    });
  });

  it.each([
    ['words', 'yesterday'],
    ['empty', ''],
    ['not ISO', 'Jan 1 2026'],
    ['an impossible month', '2026-13-01T00:00:00Z'],
    ['a number', 1767225600000],
  ])('refuses a timestamp that is not an ISO date-time (%s), writing nothing', async (_, timestamp) => {
    const { path, log } = newLog();
    const error = await log.append({ ...ev('j'), timestamp: timestamp as string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'timestamp', found: timestamp });
    expect((error as Error).message).toContain('expected timestamp to be an ISO 8601 date-time');
    await log.append(ev('after'));
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2); // only the good line
  });

  it('accepts ISO date-times with a zone and keeps them as given', async () => {
    const { log } = newLog();
    for (const timestamp of ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00+01:00', '2026-01-01T00:00Z'])
      expect((await log.append({ ...ev('j'), timestamp })).timestamp).toBe(timestamp);
  });

  it('refuses a record missing a field every line has (an event_type that is not a string)', async () => {
    const { log } = newLog();
    const input = { ...ev('j'), event_type: null as unknown as string };
    await expect(log.append(input)).rejects.toMatchObject({ code: 'EINVALIDOPTION', option: 'event_type' });
  });
});

describe('EventLog.query and a line whose timestamp names no time', () => {
  it('is an EventLogCorruptError naming the line, not a line silently left out', async () => {
    const { path, log } = newLog();
    for (const id of ['a', 'b', 'c']) await log.append(ev(id));
    const text = readFileSync(path, 'utf8').split('\n');
    text[1] = text[1]?.replace(/"timestamp":"[^"]*"/, '"timestamp":"yesterday"') ?? '';
    writeFileSync(path, text.join('\n'));
    for (const filter of [{}, { entity: 'b' }, { entity: 'a' }]) {
      const error = await log.query(filter).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventLogCorruptError);
      expect(error).toMatchObject({ code: 'ELOGCORRUPT', path, line: 2 });
      expect((error as Error).message).toContain('a line with timestamp "yesterday", not a date-time');
    }
  });
});
