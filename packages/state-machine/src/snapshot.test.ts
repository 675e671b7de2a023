import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from './errors.js';
import { door } from './test-machines.js';

function snapshotAfter(...events: Parameters<ReturnType<typeof door.start>['send']>[0][]) {
  let now = 1000;
  const actor = door.start(undefined, { clock: { now: () => (now += 10) } });
  for (const e of events) actor.send(e);
  return JSON.parse(JSON.stringify(actor.snapshot()));
}

describe('snapshots', () => {
  it('resume an actor where it was, with its context and history', () => {
    const snap = snapshotAfter('open', 'close', 'open');
    expect(snap).toMatchObject({
      machine: 'door',
      version: 1,
      state: 'opened',
      context: { opens: 2 },
      seq: 3,
    });
    const actor = door.start(snap);
    expect(actor.state).toBe('opened');
    expect(actor.context).toEqual({ opens: 2 });
    expect(actor.send('close').seq).toBe(4);
  });

  it('survive a restart through @steadystate/state-file', async () => {
    const { openStateFile } = await import('@steadystate/state-file');
    const { defineVersioned } = await import('@steadystate/schema-migration');
    const z = await import('zod/mini');
    const versioned = defineVersioned({
      version: '1.0.0',
      schema: z.object({ door: z.nullable(z.unknown()) }),
      migrations: [],
      defaults: () => ({ door: null }),
    });
    const path = join(tempDir(), 'door.json');
    const file = openStateFile(path, versioned);
    const first = door.start();
    first.send('lock');
    await file.update((doc) => ({ ...doc, door: first.snapshot() }));

    const reopened = openStateFile(path, versioned);
    const resumed = door.start((await reopened.read()).door);
    expect(resumed.state).toBe('locked');
    expect(resumed.history).toEqual(first.history);
  });

  it.each([
    [
      'a wrong machine id',
      (s: Record<string, unknown>) => ({ ...s, machine: 'window' }),
      'a snapshot of machine "window"',
    ],
    [
      'an unknown state',
      (s: Record<string, unknown>) => ({ ...s, state: 'ajar' }),
      'state "ajar", which is not a state',
    ],
    ['an unknown version', (s: Record<string, unknown>) => ({ ...s, version: 2 }), 'snapshot version 2'],
    ['not an object', () => 'closed', 'a malformed snapshot'],
    [
      'a missing history',
      (s: Record<string, unknown>) => ({ ...s, history: undefined }),
      'malformed snapshot (history',
    ],
    [
      'a history with a gap',
      (s: { history: Array<{ seq: number }> }) => ({ ...s, history: s.history.filter((h) => h.seq !== 2) }),
      'not contiguous',
    ],
    [
      'a history step the machine does not have',
      (s: { history: Array<{ event: string }> }) => ({
        ...s,
        history: s.history.map((h, i) => (i === 0 ? { ...h, event: 'lock' } : h)),
      }),
      'closed --lock--> opened, which is not a transition',
    ],
    [
      'a history whose time goes back',
      (s: { history: Array<{ at: number }> }) => ({
        ...s,
        history: s.history.map((h, i) => (i === 1 ? { ...h, at: 0 } : h)),
      }),
      'time went back',
    ],
    [
      'a state that is not where the history ends',
      (s: Record<string, unknown>) => ({ ...s, state: 'locked' }),
      'history ending in "opened"',
    ],
    ['a seq that disagrees with the history', (s: Record<string, unknown>) => ({ ...s, seq: 9 }), 'seq 9'],
  ])('refuse %s (SnapshotError ESNAPSHOT)', (_, edit, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: edits of arbitrary shape
    const bad = (edit as (s: any) => unknown)(snapshotAfter('open', 'close', 'open'));
    let error: unknown;
    try {
      door.start(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error).toMatchObject({ code: 'ESNAPSHOT', machine: 'door' });
    expect((error as Error).message).toContain(message);
  });
});
