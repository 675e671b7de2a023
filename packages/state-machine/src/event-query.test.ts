import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { EventLog } from './event-log.js';

describe('EventLog.query: since and until', () => {
  const at = (iso: string) => ({ entity_type: 't', entity_id: 'e', event_type: 'x', timestamp: iso });

  it.each([
    ['since', 'garbage'],
    ['until', 'garbage'],
    ['since', ''],
    ['since', new Date('not a date')],
    ['until', Number.NaN],
    ['since', Number.POSITIVE_INFINITY],
    ['since', { iso: '2026-01-01' }],
    ['until', null],
  ])('%s: %o is an InvalidOptionError, not a silent []', async (option, value) => {
    const log = new EventLog(join(tempDir(), 'e.jsonl'));
    await log.append(at('2026-01-01T00:00:00.000Z'));
    const error = await log.query({ [option]: value }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ code: 'EINVALIDOPTION', option });
    expect((error as Error).message).toMatch(
      new RegExp(`^state-machine: expected ${option} to be a Date, epoch ms or ISO date-time text, found `),
    );
  });

  it('a Date, epoch ms and ISO text select the same lines (since inclusive, until exclusive)', async () => {
    const log = new EventLog(join(tempDir(), 'e.jsonl'));
    for (const t of ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'])
      await log.append(at(t));
    const since = '2026-01-02T00:00:00.000Z';
    const until = '2026-01-03T00:00:00.000Z';
    for (const [s, u] of [
      [since, until],
      [new Date(since), new Date(until)],
      [Date.parse(since), Date.parse(until)],
    ] as const) {
      expect((await log.query({ since: s, until: u })).map((l) => l.timestamp)).toEqual([since]);
    }
  });
});
