import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { SqliteAuditSink } from './sqlite-audit-sink.js';
import { door } from './test-machines.js';

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
});
