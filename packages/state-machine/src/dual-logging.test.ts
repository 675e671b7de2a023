import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { SqliteAuditSink } from './sqlite-audit-sink.js';
import { door } from './test-machines.js';
import type { TransitionRecord } from './types.js';

// Seed 002 §7.2.1 "Dual logging (file + DB)": one actor, both sinks.
describe('an actor writing to an EventLog and an SqliteAuditSink at once', () => {
  it('records the same events in both, with the same event ids, in the same order', async () => {
    const dir = join(tempDir(), '.state');
    const audit = new SqliteAuditSink(join(dir, 'audit.db'));
    const log = new EventLog(join(dir, 'transitions.jsonl'));
    const actor = door.start(undefined, { sinks: [audit, log], entity: 'front', actor: 'bob' });
    const sent = (['open', 'close', 'lock', 'demolish'] as const).map((e) =>
      actor.send({ type: e, by: 'crane' }),
    );
    await actor.flush();

    const lines = await log.query({ entity: 'front' });
    const rows = audit.transitions({ entity: 'front' });
    const ids = sent.map((t) => t.record.event_id);
    expect(lines.map((l) => l.event_id)).toEqual(ids);
    expect(rows.map((r) => r.id)).toEqual(ids);
    for (const [i, row] of rows.entries()) {
      const line = lines[i];
      expect(row).toEqual({
        id: line?.event_id,
        entity_type: line?.entity_type,
        entity_id: line?.entity_id,
        from_state: line?.from_state,
        to_state: line?.to_state,
        event: line?.event_type,
        timestamp: line?.timestamp,
        severity: line?.severity,
        seq: line?.payload.seq,
        actor: 'bob',
        payload: line?.payload,
        metadata: line?.metadata,
      });
    }
    expect(rows.map((r) => r.severity)).toEqual(['INFO', 'INFO', 'INFO', 'WARNING']);
    expect(await log.verify()).toMatchObject({ ok: true, lines: 4 });
    audit.close();
  });

  it('records a payload as it was at send, in both, even when the caller changes it afterwards', async () => {
    const dir = join(tempDir(), '.state');
    const audit = new SqliteAuditSink(join(dir, 'audit.db'));
    const log = new EventLog(join(dir, 'transitions.jsonl'));
    const seen: TransitionRecord[] = [];
    const spy = { write: (r: TransitionRecord) => void seen.push(r) };
    const actor = door.start(undefined, { sinks: [audit, log, spy], metadata: { host: { name: 'a' } } });
    const details = { reason: 'timeout', tags: ['x'] };
    const first = actor.send({ type: 'open', details });
    const second = actor.send({ type: 'close', details }); // queued behind the first append
    details.reason = 'CHANGED AFTER SEND';
    details.tags.push('y');
    await actor.flush();

    const original = { reason: 'timeout', tags: ['x'] };
    expect(audit.transitions().map((r) => r.payload.details)).toEqual([original, original]);
    expect((await log.query()).map((l) => l.payload.details)).toEqual([original, original]);
    // every sink gets the one record send returns, frozen all the way down
    expect(seen).toEqual([first.record, second.record]);
    expect(seen[0]).toBe(first.record);
    for (const part of [
      first.record,
      first.record.payload,
      first.record.payload.details,
      first.record.metadata,
    ])
      expect(Object.isFrozen(part)).toBe(true);
    expect(Object.isFrozen(details)).toBe(false); // the caller's object is copied, never frozen
    audit.close();
  });
});
