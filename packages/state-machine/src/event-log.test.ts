import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { GENESIS, hashLine } from './log-line.js';
import { door } from './test-machines.js';

function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function logWithLines(n: number) {
  const path = join(tempDir(), 'transitions.jsonl');
  const log = new EventLog(path);
  for (let i = 0; i < n; i++)
    await log.append({ entity_type: 'job', entity_id: `j${i % 3}`, event_type: 'tick' });
  return { path, log };
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

describe('EventLog', () => {
  it('records every transition of an actor with the canonical fields, a seq and a hash chain', async () => {
    const path = join(tempDir(), 'logs', 'transitions.jsonl');
    const log = new EventLog(path);
    const clock = fakeClock();
    const actor = door.start(undefined, { sinks: [log], entity: 'front-door', actor: 'alice', clock });
    actor.send('open');
    clock.advance(1000);
    actor.send({ type: 'close', reason: 'draught' });
    actor.send('lock');
    actor.send('demolish');
    await actor.flush();

    const text = lines(path);
    expect(text).toHaveLength(4);
    const parsed = text.map((t) => JSON.parse(t));
    expect(parsed[1]).toEqual({
      seq: 2,
      prev: hashLine(text[0] as string),
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: '2026-01-01T00:00:01.000Z',
      entity_type: 'door',
      entity_id: 'front-door',
      event_type: 'close',
      from_state: 'opened',
      to_state: 'closed',
      severity: 'INFO',
      payload: { seq: 2, reason: 'draught' },
      metadata: { actor: 'alice' },
    });
    expect(parsed[0].prev).toBe(GENESIS);
    expect(parsed[3]).toMatchObject({ event_type: 'demolish', severity: 'WARNING', to_state: 'gone' });
    expect(await log.verify()).toEqual({ ok: true, lines: 4, files: 1, lastSeq: 4 });
  });

  it('queries by entity, type, severity and time range', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const clock = fakeClock();
    const log = new EventLog(path, { clock });
    const a = door.start(undefined, { sinks: [log], entity: 'a', clock });
    const b = door.start(undefined, { sinks: [log], entity: 'b', clock });
    a.send('lock');
    clock.advance(60_000);
    b.send('open');
    clock.advance(60_000);
    a.send('demolish');
    await Promise.all([a.flush(), b.flush()]);
    expect((await log.query({ entity: 'a' })).map((l) => l.event_type)).toEqual(['lock', 'demolish']);
    expect((await log.query({ type: ['open', 'demolish'] })).map((l) => l.entity_id)).toEqual(['b', 'a']);
    expect((await log.query({ severity: 'WARNING' })).map((l) => l.seq)).toEqual([3]);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(
      (await log.query({ since: t0 + 60_000, until: new Date(t0 + 120_000) })).map((l) => l.event_type),
    ).toEqual(['open']);
    expect(await log.query({ since: '2026-01-01T00:02:00.000Z', entityType: 'door' })).toHaveLength(1);
    expect(await log.query({ entityType: 'other' })).toEqual([]);
  });

  it('finds an edited line and names it', async () => {
    const { path, log } = await logWithLines(10);
    const text = lines(path);
    text[4] = (text[4] as string).replace('"tick"', '"tock"');
    writeFileSync(path, `${text.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({
      ok: false,
      file: path,
      line: 5,
      reason: expect.stringContaining('edited'),
    });
  });

  it('finds an edited last line through the recorded head', async () => {
    const { path, log } = await logWithLines(5);
    const text = lines(path);
    text[4] = (text[4] as string).replace('"j1"', '"j2"');
    writeFileSync(path, `${text.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({ ok: false, line: 5, reason: expect.stringContaining('head') });
  });

  it('finds a removed line as a gap in seq', async () => {
    const { path, log } = await logWithLines(8);
    const text = lines(path);
    text.splice(2, 1);
    writeFileSync(path, `${text.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({
      ok: false,
      line: 3,
      reason: 'seq 4 after seq 2 (lines missing or reordered)',
    });
  });

  it('finds a truncation in the middle of a line and one at a line boundary', async () => {
    const { path, log } = await logWithLines(6);
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, whole.length - 20));
    expect(await log.verify()).toMatchObject({
      ok: false,
      line: 6,
      reason: expect.stringContaining('without a newline'),
    });
    writeFileSync(path, `${lines(path).slice(0, 4).join('\n')}\n`);
    expect(await log.verify()).toMatchObject({
      ok: false,
      line: 5,
      reason: expect.stringContaining('truncated'),
    });
  });

  it('refuses to append after a torn last line instead of hiding it', async () => {
    const { path, log } = await logWithLines(3);
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, -10));
    await expect(
      log.append({ entity_type: 'job', entity_id: 'x', event_type: 'tick' }),
    ).rejects.toMatchObject({
      code: 'ELOGCORRUPT',
      line: 3,
    });
  });

  it('repair() cuts a torn last line off (kept aside), after which appends continue one valid chain', async () => {
    const clock = fakeClock();
    const path = join(tempDir(), 'transitions.jsonl');
    const log = new EventLog(path, { clock });
    for (let i = 0; i < 3; i++) await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'tick' });
    const whole = readFileSync(path, 'utf8');
    const torn = whole.slice(0, -10); // a writer killed in the middle of its append
    writeFileSync(path, torn);
    expect(await log.repair()).toEqual({
      repaired: true,
      line: 3,
      bytes: torn.length - whole.split('\n').slice(0, 2).join('\n').length - 1,
      savedTo: `${path}.torn-2026-01-01T00-00-00-000Z`,
    });
    expect(readFileSync(`${path}.torn-2026-01-01T00-00-00-000Z`, 'utf8')).toBe(torn.split('\n')[2]);
    expect(lines(path)).toHaveLength(2);
    const next = await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'after' });
    expect(next).toMatchObject({ seq: 3, prev: hashLine(lines(path)[1] as string) });
    expect(await log.verify()).toEqual({ ok: true, lines: 3, files: 1, lastSeq: 3 });
    expect(await log.repair()).toEqual({ repaired: false }); // a whole log is left as it is
    expect(lines(path)).toHaveLength(3);
  });

  it('repair() of a file holding only a torn line empties it and the chain continues from the head', async () => {
    const path = join(tempDir(), 'transitions.jsonl');
    const log = new EventLog(path, { keep: 5 });
    for (let i = 0; i < 4; i++) await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'tick' });
    renameSync(path, `${path}.1`); // as a rotation leaves it: the chain goes on from the head
    writeFileSync(path, '{"seq":5,"prev":"ab'); // and the first line after it, torn
    expect(await log.repair()).toMatchObject({ repaired: true, line: 1 });
    await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'after' });
    expect(await log.verify()).toMatchObject({ ok: true, lastSeq: 5 });
  });

  it('rotates by size and keeps one chain across the files', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const log = new EventLog(path, { maxBytes: 2000, keep: 100 });
    for (let i = 0; i < 60; i++)
      await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'tick', payload: { i } });
    const { files } = await log.files();
    expect(files.length).toBeGreaterThan(3);
    expect(files.at(-1)).toBe(path);
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(2000);
    const first = JSON.parse(lines(path)[0] as string);
    const previous = lines(files.at(-2) as string).at(-1) as string;
    expect(first.prev).toBe(hashLine(previous));
    expect(await log.verify()).toEqual({ ok: true, lines: 60, files: files.length, lastSeq: 60 });
    expect((await log.query()).map((l) => l.payload.i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('drops rotated files beyond keep; the rest still verifies', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const log = new EventLog(path, { maxBytes: 1500, keep: 2 });
    for (let i = 0; i < 60; i++) await log.append({ entity_type: 'job', entity_id: 'j', event_type: 'tick' });
    const { files } = await log.files();
    expect(files).toEqual([`${path}.2`, `${path}.1`, path]);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, lastSeq: 60 });
    expect(result.ok && result.lines).toBeLessThan(60);
  });

  it('a sink that fails surfaces in flush, the transition itself stands', async () => {
    const path = join(tempDir(), 'file-not-dir');
    writeFileSync(path, 'x');
    const log = new EventLog(join(path, 'events.jsonl'));
    const seen: string[] = [];
    const actor = door.start(undefined, { sinks: [log], onSinkError: (e) => seen.push(e.code) });
    actor.send('open');
    await expect(actor.flush()).rejects.toMatchObject({ code: 'ESINK', seq: 1, sink: 0 });
    expect(seen).toEqual(['ESINK']);
    expect(actor.state).toBe('opened');
  });
});

describe('EventLog.query on a damaged file', () => {
  it('names the line that is not a log line instead of skipping it', async () => {
    const { path, log } = await logWithLines(4);
    const text = lines(path);
    text[1] = 'garbage';
    writeFileSync(path, `${text.join('\n')}\n`);
    await expect(log.query()).rejects.toMatchObject({ code: 'ELOGCORRUPT', path, line: 2 });
  });
});
