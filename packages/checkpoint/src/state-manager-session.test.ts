import { describe, expect, it } from 'vitest';
import { fakeClock } from './backend-compliance.js';
import { InvalidValueError } from './errors.js';
import { MemoryBackend } from './memory-backend.js';
import { SESSION_STATUSES, type SessionInfo, sessionNeedsRecovery } from './session-record.js';
import { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

const MIN = 60_000;

async function open() {
  const clock = fakeClock();
  const m = await StateManager.open({ backend: 'memory', namespace: 's', clock });
  return { m, clock, start: clock.now() };
}

describe('StateManager sessions: heartbeat status, session(), needsRecovery()', () => {
  it('heartbeat records the time and the status (default active); session() reads them back', async () => {
    const { m, clock, start } = await open();
    expect(await m.session()).toBeUndefined();
    expect(await m.session('worker-1')).toBeUndefined();

    await m.heartbeat();
    expect(await m.session()).toEqual({ session: 'default', status: 'active', lastBeatAt: start, ageMs: 0 });
    clock.advance(1500);
    expect(await m.session()).toEqual({
      session: 'default',
      status: 'active',
      lastBeatAt: start,
      ageMs: 1500,
    });

    for (const status of SESSION_STATUSES) {
      clock.advance(10);
      await m.heartbeat('worker-1', { status });
      expect(await m.session('worker-1')).toEqual({
        session: 'worker-1',
        status,
        lastBeatAt: clock.now(),
        ageMs: 0,
      });
    }
    // an explicit undefined status, and an empty options object, are `active`
    await m.heartbeat('worker-1', { status: undefined });
    expect((await m.session('worker-1'))?.status).toBe('active');
    await m.heartbeat('worker-1', { status: 'completed' });
    await m.heartbeat('worker-1', {});
    expect((await m.session('worker-1'))?.status).toBe('active');
    // sessions are separate
    expect((await m.session())?.lastBeatAt).toBe(start);
    expect(await m.keys()).toEqual([]);
  });

  it('a status other than the four, or options that are not { status? }, are an InvalidValueError and write nothing', async () => {
    const { m, clock, start } = await open();
    await m.heartbeat('w', { status: 'paused' });
    clock.advance(1000);
    const bad: unknown[] = [
      { status: 'done' },
      { status: 'ACTIVE' },
      { status: '' },
      { status: null },
      { status: 1 },
      { state: 'completed' }, // a typo must not record `active`
      'completed', // heartbeat('w', 'completed') instead of { status: 'completed' }
      null,
      ['active'],
    ];
    for (const opts of bad) {
      const error = await m.heartbeat('w', opts as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(opts)).toBeInstanceOf(InvalidValueError);
      expect(error).toMatchObject({ code: 'EINVALIDVALUE' });
    }
    await expect(m.heartbeat('w', { status: 'done' as never })).rejects.toMatchObject({
      path: 'status',
      message: expect.stringContaining('"done" (expected one of "active", "paused", "completed", "error")'),
    });
    await expect(m.heartbeat('w', { state: 'completed' } as never)).rejects.toMatchObject({
      path: 'options.state',
    });
    expect(await m.session('w')).toEqual({ session: 'w', status: 'paused', lastBeatAt: start, ageMs: 1000 });
  });

  it('reads the record of earlier versions (a bare number) as an active session', async () => {
    const { m, clock, start } = await open();
    await m.backend.setMeta(m.namespace, 'heartbeat:old', start - 5000);
    expect(await m.session('old')).toEqual({
      session: 'old',
      status: 'active',
      lastBeatAt: start - 5000,
      ageMs: 5000,
    });
    expect(await m.isStale(5000, 'old')).toBe(false);
    expect(await m.isStale(4999, 'old')).toBe(true);
    expect(await m.needsRecovery(5000, 'old')).toBe(false);
    expect(await m.needsRecovery(4999, 'old')).toBe(true);
    // the next heartbeat replaces it with the new record
    clock.advance(1);
    await m.heartbeat('old', { status: 'completed' });
    expect(await m.session('old')).toMatchObject({ status: 'completed', lastBeatAt: start + 1 });
  });

  it('a record it cannot read counts as no heartbeat', async () => {
    const { m } = await open();
    const unreadable: JsonValue[] = [
      'soon',
      null,
      [1],
      {},
      { at: 'yesterday', status: 'active' },
      { at: 1, status: 'idle' }, // a status this version does not know
      { at: 1 },
    ];
    for (const [i, value] of unreadable.entries()) {
      await m.backend.setMeta(m.namespace, `heartbeat:odd-${i}`, value);
      expect(await m.session(`odd-${i}`), JSON.stringify(value)).toBeUndefined();
      expect(await m.isStale(60 * MIN, `odd-${i}`)).toBe(true);
      expect(await m.needsRecovery(0, `odd-${i}`)).toBe(false);
    }
  });

  it('isStale keeps its meaning: time only, whatever the status', async () => {
    const { m, clock } = await open();
    expect(await m.isStale(1000)).toBe(true); // never beat
    await m.heartbeat(undefined, { status: 'completed' });
    expect(await m.isStale(1000)).toBe(false);
    clock.advance(1000);
    expect(await m.isStale(1000)).toBe(false);
    clock.advance(1);
    expect(await m.isStale(1000)).toBe(true);
    await m.heartbeat(undefined, { status: 'error' });
    expect(await m.isStale(1000)).toBe(false);
    expect(await m.isStale(0)).toBe(false); // same millisecond
  });

  it("needsRecovery: seed 003's flow (active, time passes, completed on shutdown)", async () => {
    const { m, clock } = await open();
    expect(await m.needsRecovery()).toBe(false); // first start: nothing to recover
    await m.heartbeat(); // a run starts and works
    expect(await m.needsRecovery()).toBe(false);
    clock.advance(10 * MIN); // default maxAgeMs: 10 minutes, "older than" it
    expect(await m.needsRecovery()).toBe(false);
    clock.advance(1);
    expect(await m.needsRecovery()).toBe(true); // the run stopped beating while active: it crashed
    expect(await m.session()).toMatchObject({ status: 'active', ageMs: 10 * MIN + 1 });

    await m.heartbeat(undefined, { status: 'completed' }); // the recovered run shuts down cleanly
    clock.advance(24 * 60 * MIN);
    expect(await m.needsRecovery()).toBe(false);
    expect(await m.isStale(10 * MIN)).toBe(true); // stale in time, but finished
  });

  it('needsRecovery: error always, paused never, a fresh active session not; per session and maxAgeMs', async () => {
    const { m, clock } = await open();
    await m.heartbeat('crashed', { status: 'error' });
    await m.heartbeat('resting', { status: 'paused' });
    await m.heartbeat('working');
    expect(await m.needsRecovery(10 * MIN, 'crashed')).toBe(true); // at once: it said so itself
    expect(await m.needsRecovery(10 * MIN, 'resting')).toBe(false);
    expect(await m.needsRecovery(10 * MIN, 'working')).toBe(false);
    expect(await m.needsRecovery(0, 'working')).toBe(false); // same millisecond
    expect(await m.needsRecovery(10 * MIN, 'never')).toBe(false);
    clock.advance(2 * MIN);
    expect(await m.needsRecovery(MIN, 'working')).toBe(true);
    expect(await m.needsRecovery(3 * MIN, 'working')).toBe(false);
    expect(await m.needsRecovery(MIN, 'resting')).toBe(false);
    expect(await m.needsRecovery(MIN, 'crashed')).toBe(true);
    expect(await m.needsRecovery()).toBe(false); // "default" never beat
    await expect(m.needsRecovery(-1)).rejects.toMatchObject({ code: 'EINVALIDVALUE', path: 'maxAgeMs' });
    await expect(m.needsRecovery(Number.NaN)).rejects.toMatchObject({ code: 'EINVALIDVALUE' });
    await expect(m.needsRecovery(1000, 'a/b')).rejects.toMatchObject({ code: 'EINVALIDNAME' });
    await expect(m.session('a/b')).rejects.toMatchObject({ code: 'EINVALIDNAME', what: 'session' });
    await expect(m.heartbeat('a/b', { status: 'active' })).rejects.toMatchObject({ code: 'EINVALIDNAME' });
  });

  it("ageMs is on the reading manager's clock, never below 0", async () => {
    const backend = new MemoryBackend();
    const writerClock = fakeClock(Date.UTC(2026, 0, 1, 12));
    const readerClock = fakeClock(Date.UTC(2026, 0, 1, 12, 5));
    const writer = await StateManager.open({ backend, namespace: 'n', clock: writerClock });
    const reader = await StateManager.open({ backend, namespace: 'n', clock: readerClock });
    await writer.heartbeat('w');
    expect(await reader.session('w')).toMatchObject({ lastBeatAt: writerClock.now(), ageMs: 5 * MIN });
    expect(await reader.needsRecovery(4 * MIN, 'w')).toBe(true);
    expect(await writer.needsRecovery(4 * MIN, 'w')).toBe(false);
    // a heartbeat from a clock ahead of the reader's is "just now"
    writerClock.advance(60 * MIN);
    await writer.heartbeat('w');
    expect(await reader.session('w')).toMatchObject({ lastBeatAt: writerClock.now(), ageMs: 0 });
    expect(await reader.isStale(0, 'w')).toBe(false);
  });

  it('sessionNeedsRecovery decides from an info already read', () => {
    const info = (status: SessionInfo['status'], ageMs: number): SessionInfo => ({
      session: 's',
      status,
      lastBeatAt: 0,
      ageMs,
    });
    expect(sessionNeedsRecovery(undefined, 0)).toBe(false);
    expect(sessionNeedsRecovery(info('active', 11), 10)).toBe(true);
    expect(sessionNeedsRecovery(info('active', 10), 10)).toBe(false);
    expect(sessionNeedsRecovery(info('error', 0), 10)).toBe(true);
    expect(sessionNeedsRecovery(info('paused', 1e9), 10)).toBe(false);
    expect(sessionNeedsRecovery(info('completed', 1e9), 10)).toBe(false);
    expect(() => sessionNeedsRecovery(info('active', 1), -5)).toThrow(InvalidValueError);
    expect(SESSION_STATUSES).toEqual(['active', 'paused', 'completed', 'error']);
    expect(Object.isFrozen(SESSION_STATUSES)).toBe(true);
  });
});
