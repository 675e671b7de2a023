import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines } from '../test/json-lines.js';
import { inspectLock, lock } from './index.js';

const holderScript = fileURLToPath(new URL('../test/fixtures/holder.mjs', import.meta.url));
const children: Array<ReturnType<typeof spawnNode>> = [];
const holder = (path: string, opts: object = {}) => {
  const child = spawnNode(holderScript, [path, JSON.stringify(opts)]);
  children.push(child);
  return { child, lines: jsonLines(child) };
};
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Resolves once process `pid` has an entry in the lock's cross-process waiting queue. */
async function queued(path: string, pid: number): Promise<void> {
  const dir = `${path}.lock.queue`;
  for (;;) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => !n.startsWith('idle.'));
    } catch {}
    for (const name of names) {
      try {
        if (JSON.parse(readFileSync(join(dir, name), 'utf8')).pid === pid) return;
      } catch {} // just renamed away
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 500));

describe('the cross-process hand-off', () => {
  it('gives the lock to three waiting processes in the order they started waiting, round after round', async () => {
    const path = join(tempDir(), 'state.json');
    const first = holder(path);
    const tokens = [(await first.lines.next('held')).token as number];
    // Each waiter starts only once the one before it is queued: b waited longest, then c, then d.
    const waiters = new Map<string, ReturnType<typeof holder>>();
    for (const name of ['b', 'c', 'd']) {
      const w = holder(path, { timeoutMs: 60_000 });
      await queued(path, w.child.pid!);
      waiters.set(name, w);
    }
    const next = new Map([...waiters].map(([name, w]) => [name, w.lines.next('held').then(() => name)]));
    // Six hand-offs: a holder that released queues again behind the others once the next one
    // holds the lock. Before each release every waiter has slowed down to polling every
    // ~100 ms, so without the hand-off to the longest waiting process, whichever polls first
    // would win.
    let current = first;
    const order: string[] = [];
    while (order.length < 6) {
      await settle();
      current.lines.send('release');
      await current.lines.next('released');
      const name = await Promise.race(next.values());
      const w = waiters.get(name)!;
      order.push(name);
      const owner = await inspectLock(path);
      expect(owner?.pid).toBe(w.child.pid);
      tokens.push(owner!.token);
      next.set(
        name,
        w.lines.next('held').then(() => name),
      );
      if (current !== first) {
        current.lines.send('lock');
        await queued(path, current.child.pid!);
      }
      current = w;
    }
    expect(order).toEqual(['b', 'c', 'd', 'b', 'c', 'd']);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!).toBeGreaterThan(tokens[i - 1]!);
  });
});

describe('a live holder', () => {
  it('keeps its lock through several staleMs while another process waits: no takeover', async () => {
    const staleMs = 800;
    const path = join(tempDir(), 'state.json');
    const a = holder(path, { staleMs });
    const held = await a.lines.next('held');
    // The waiter would take over an owner file not refreshed for staleMs; the holder
    // refreshes it every staleMs / 2, so the waiter times out after 4 x staleMs.
    const err = await lock(path, { staleMs, timeoutMs: 4 * staleMs }).then(
      async (h) => {
        await h.release();
        return 'acquired';
      },
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ELOCKTIMEOUT', owner: { pid: held.pid, token: held.token } });
    a.lines.send('status');
    expect(await a.lines.next('status')).toMatchObject({ held: true, aborted: false });
    expect(await inspectLock(path)).toMatchObject({ pid: held.pid, token: held.token, alive: true });
    a.lines.send('release');
    await a.lines.next('released');
  });
});
