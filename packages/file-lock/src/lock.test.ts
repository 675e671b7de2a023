import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines } from '../test/json-lines.js';
import { inspectLock, inspectQueue, LockFailedError, lock, withLock } from './index.js';

const holderScript = fileURLToPath(new URL('../test/fixtures/holder.mjs', import.meta.url));
const children: Array<ReturnType<typeof spawnNode>> = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('in one process', () => {
  it('locks a path that does not exist, without creating it; release is idempotent', async () => {
    const dir = tempDir();
    const path = join(dir, 'missing', 'state.json');
    const handle = await lock(path);
    expect(handle.path).toBe(path);
    expect(await handle.isHeld()).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect((await inspectLock(path))?.pid).toBe(process.pid);
    await handle.release();
    await handle.release();
    await Promise.all([handle.release(), handle.release()]);
    expect(await handle.isHeld()).toBe(false);
    expect(handle.signal.aborted).toBe(false);
    expect(await inspectLock(path)).toBeUndefined();
  });

  it('hands out strictly growing tokens, also across lock paths given explicitly', async () => {
    const dir = tempDir();
    const lockPath = join(dir, 'custom.lock');
    const tokens: number[] = [];
    for (let i = 0; i < 5; i++) tokens.push(await withLock(join(dir, 'a'), (h) => h.token, { lockPath }));
    expect(tokens).toEqual([1, 2, 3, 4, 5]);
    expect(existsSync(lockPath)).toBe(false);
    expect(existsSync(`${join(dir, 'a')}.lock`)).toBe(false);
  });

  it('runs 50 concurrent withLock calls one at a time, first come first served, with a single poller', async () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    // another process holds the lock first, so all 50 have to wait
    const child = spawnNode(holderScript, [path, '{}']);
    children.push(child);
    const lines = jsonLines(child);
    await lines.next('held');

    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const tokens: number[] = [];
    const all = Array.from({ length: 50 }, (_, i) =>
      withLock(
        path,
        async (h) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          order.push(i);
          tokens.push(h.token);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        },
        { timeoutMs: 60_000 },
      ),
    );
    const samples: Array<ReturnType<typeof inspectQueue>> = [];
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      samples.push(inspectQueue(path));
    }
    lines.send('release');
    await Promise.all(all);

    expect(samples.every((s) => s.waiting === 50 && s.pollers === 1 && !s.held)).toBe(true);
    // one poller for 50 waiters over ~1 s: far fewer tries than one per waiter
    expect(samples.at(-1)!.attempts).toBeLessThan(50);
    expect(maxRunning).toBe(1);
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!).toBeGreaterThan(tokens[i - 1]!);
  });

  it('timeoutMs 0 tries once; a waiter that times out does not block the next in line', async () => {
    const path = join(tempDir(), 'state.json');
    const first = await lock(path);
    const err = await lock(path, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ELOCKTIMEOUT', owner: { pid: process.pid, token: first.token } });
    expect((err as Error).message).toContain(`found it still held by pid ${process.pid} on `);
    const impatient = lock(path, { timeoutMs: 50 });
    const patient = lock(path, { timeoutMs: 30_000 });
    await expect(impatient).rejects.toMatchObject({ code: 'ELOCKTIMEOUT', path });
    await first.release();
    const second = await patient;
    expect(second.token).toBeGreaterThan(first.token);
    await second.release();
  });

  it('an already aborted signal rejects at once; aborting a queued waiter removes only it', async () => {
    const path = join(tempDir(), 'state.json');
    await expect(lock(path, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ELOCKABORTED' });
    const first = await lock(path);
    const controller = new AbortController();
    const aborted = lock(path, { signal: controller.signal });
    const next = lock(path);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ELOCKABORTED', path });
    await first.release();
    await (await next).release();
  });

  it('withLock releases when fn throws, and passes the error on', async () => {
    const path = join(tempDir(), 'state.json');
    await expect(
      withLock(path, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await inspectLock(path)).toBeUndefined();
  });

  it('rejects options it cannot work with', async () => {
    const path = join(tempDir(), 'state.json');
    await expect(lock(path, { staleMs: 5 })).rejects.toMatchObject({
      code: 'ELOCKOPTION',
      option: 'staleMs',
    });
    await expect(lock(path, { timeoutMs: -1 })).rejects.toMatchObject({ code: 'ELOCKOPTION' });
    // longer than a timer can wait: setTimeout would fire after 1 ms instead
    const held = await lock(path);
    await expect(lock(path, { timeoutMs: 2 ** 31 })).rejects.toMatchObject({
      code: 'ELOCKOPTION',
      option: 'timeoutMs',
    });
    await held.release();
    await expect(lock(path, { staleMs: 2 ** 33 })).rejects.toMatchObject({
      code: 'ELOCKOPTION',
      option: 'staleMs',
    });
    expect(await inspectLock(path)).toBeUndefined();
    await expect(lock(path, { lockPath: '' })).rejects.toMatchObject({ code: 'ELOCKOPTION' });
  });

  it('fails with ELOCKFAILED, the fs error as cause, when a file sits where a folder must be', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'state.json');
    const err = await lock(path, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockFailedError);
    expect(err).toMatchObject({
      code: 'ELOCKFAILED',
      path,
      operation: 'acquire the lock',
      cause: { code: 'ENOTDIR' },
    });
    expect((err as Error).message).toBe(`file-lock: expected to acquire the lock on ${path}, found ENOTDIR`);
    expect(readFileSync(join(dir, 'plain'), 'utf8')).toBe('x');
    expect(readdirSync(dir)).toEqual(['plain']);
    expect(inspectQueue(path)).toMatchObject({ waiting: 0, held: false });
  });

  it("after release no lock folder remains, only the token file and this process's reusable workspace", async () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    await withLock(path, () => {});
    const names = readdirSync(dir).map((n) => n.replace(/-[0-9a-f]{16}$/, '-*'));
    expect(names.sort()).toEqual(['state.json.lock.c-*', 'state.json.lock.p-*', 'state.json.lock.token']);
  });
});
