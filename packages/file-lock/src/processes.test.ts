import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, spawnNode, tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines } from '../test/json-lines.js';
import { inspectLock, lock } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const children: Array<ReturnType<typeof spawnNode>> = [];
const holder = (path: string, opts: object = {}) => {
  const child = spawnNode(fixture('holder.mjs'), [path, JSON.stringify(opts)]);
  children.push(child);
  return { child, lines: jsonLines(child) };
};
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  }
});

describe('across processes', () => {
  it('8 processes never hold the lock at once, and tokens grow strictly in acquisition order', async () => {
    const dir = tempDir();
    const path = join(dir, 'counter.json');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => runNode(fixture('contender.mjs'), [path, '40', dir])),
    );
    const reports = results.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { tokens: number[]; eexist: number };
    });
    expect(reports.map((r) => r.eexist)).toEqual(Array(8).fill(0));
    const log = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').map(Number);
    expect(log).toHaveLength(320);
    // the log is appended under the lock, so its order is the acquisition order
    for (let i = 1; i < log.length; i++) expect(log[i]!).toBeGreaterThan(log[i - 1]!);
    const all = reports.flatMap((r) => r.tokens).sort((a, b) => a - b);
    expect(new Set(all).size).toBe(320);
    expect(all).toEqual([...log].sort((a, b) => a - b));
    // every process exited normally: none of their workspaces, claims or queue entries is left
    const left = readdirSync(dir).filter((n) => n !== 'counter.json.lock.queue');
    expect(left.sort()).toEqual(['counter.json.lock.token', 'log']);
    const queue = join(dir, 'counter.json.lock.queue');
    if (existsSync(queue)) expect(readdirSync(queue)).toEqual([]);
  });

  it('takes over at once from a holder that was SIGKILLed, long before staleMs', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path, { staleMs: 30_000 });
    const held = await a.lines.next('held');
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const started = Date.now();
    const handle = await lock(path, { staleMs: 30_000, timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(handle.token).toBeGreaterThan(held.token as number);
    await handle.release();
  });

  it('timeoutMs 0 still takes over from a holder that was SIGKILLed (it tries once, after the check)', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path, { staleMs: 30_000 });
    const held = await a.lines.next('held');
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const handle = await lock(path, { timeoutMs: 0 });
    expect(handle.token).toBeGreaterThan(held.token as number);
    await handle.release();
  });

  it('timeoutMs 0 against a live holder in another process names that holder', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path);
    const aHeld = await a.lines.next('held');
    const err = await lock(path, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKTIMEOUT', path, owner: { pid: aHeld.pid, alive: true } });
    expect((err as Error).message).toMatch(
      new RegExp(
        `^file-lock: expected to lock .+ within \\d+ ms, found it still held by pid ${aHeld.pid} on `,
      ),
    );
  });

  it('a contender with a smaller staleMs does not take over a live holder that refreshes at its own staleMs / 2', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path, { staleMs: 60_000 }); // refreshes every 30 s: not once during this test
    const aHeld = await a.lines.next('held');
    const owner = JSON.parse(readFileSync(join(`${path}.lock`, 'owner.json'), 'utf8'));
    expect(owner).toMatchObject({ pid: aHeld.pid, staleMs: 60_000 });
    // polls for 1.5 s, 7 times its own staleMs: the holder is stale only by the contender's measure
    const err = await lock(path, { staleMs: 200, timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKTIMEOUT', owner: { pid: aHeld.pid, token: aHeld.token } });
    a.lines.send('status');
    expect(await a.lines.next('status')).toMatchObject({ held: true, aborted: false });
  });

  it('a SIGSTOPped holder is taken over after staleMs and learns on SIGCONT that it lost the lock', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path, { staleMs: 1_000 });
    const aHeld = await a.lines.next('held');
    a.child.kill('SIGSTOP');
    const b = holder(path, { staleMs: 1_000, timeoutMs: 30_000 });
    const bHeld = await b.lines.next('held');
    expect(bHeld.token as number).toBeGreaterThan(aHeld.token as number);

    a.child.kill('SIGCONT');
    const aborted = await a.lines.next('aborted');
    expect(aborted.code).toBe('ELOCKCOMPROMISED');
    a.lines.send('status');
    expect(await a.lines.next('status')).toMatchObject({ held: false, aborted: true });
    a.lines.send('release');
    await a.lines.next('released');

    // A's release must not have removed B's lock
    b.lines.send('status');
    expect(await b.lines.next('status')).toMatchObject({ held: true, aborted: false });
    expect((await inspectLock(path))?.token).toBe(bHeld.token);
    expect((await inspectLock(path))?.pid).toBe(b.child.pid);
    b.lines.send('release');
    await b.lines.next('released');
    expect(await inspectLock(path)).toBeUndefined();
  });

  it('times out with ELOCKTIMEOUT naming the path and the holder', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path);
    const aHeld = await a.lines.next('held');
    const err = await lock(path, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKTIMEOUT', path, owner: { pid: aHeld.pid, alive: true } });
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toContain(`pid ${aHeld.pid}`);
    expect((err as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(300);
  });

  it('an AbortSignal stops the wait with ELOCKABORTED', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path);
    await a.lines.next('held');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await lock(path, { signal: controller.signal, timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKABORTED', path });
    a.lines.send('release');
    await a.lines.next('released');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a waiting process gets the lock as soon as the holder in another process releases it', async () => {
    const path = join(tempDir(), 'state.json');
    const a = holder(path);
    await a.lines.next('held');
    const waiting = lock(path, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    a.lines.send('release');
    const handle = await waiting;
    expect(await handle.isHeld()).toBe(true);
    await handle.release();
  });
});
