import { describe, expect, it } from 'vitest';
import { SinkError } from './errors.js';
import { door } from './test-machines.js';
import type { TransitionRecord } from './types.js';

describe('actor sinks', () => {
  it('a slow asynchronous sink still receives the records in order', async () => {
    const seen: number[] = [];
    const slow = {
      async write(record: TransitionRecord) {
        await new Promise((r) => setTimeout(r, record.payload.seq === 1 ? 30 : 1));
        seen.push(record.payload.seq as number);
      },
    };
    const actor = door.start(undefined, { sinks: [slow] });
    actor.send('open');
    actor.send('close');
    actor.send('lock');
    await actor.flush();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a synchronous sink has written when send returns; one that throws is reported, the transition stands', async () => {
    const rows: string[] = [];
    const good = { write: (r: TransitionRecord) => void rows.push(`${r.from_state}->${r.to_state}`) };
    const bad = {
      write() {
        throw new Error('disk full');
      },
    };
    const actor = door.start(undefined, { sinks: [good, bad] });
    actor.send('lock');
    expect(rows).toEqual(['closed->locked']);
    expect(actor.state).toBe('locked');
    const error = await actor.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ code: 'ESINK', seq: 1, sink: 1 });
    expect((error as Error).message).toContain('disk full');
    await expect(actor.flush()).resolves.toBeUndefined(); // reported once
  });
});
