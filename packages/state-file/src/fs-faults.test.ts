import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesOf, counter, increment } from '../test/counter.ts';
import { openStateFile, type RecoverEvent } from './index.js';

type Fn = (...args: never[]) => unknown;

// Every node:fs function, as this package and the ones below it see it, goes through here:
// a test can replace one (`faults`) and see which ones ran (`calls`).
const fsLayer = vi.hoisted(() => ({
  faults: {} as Record<string, Fn>,
  calls: [] as string[],
}));
vi.mock('node:fs', async (importOriginal) => {
  const real = (await importOriginal()) as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { ...real };
  for (const [name, value] of Object.entries(real)) {
    if (typeof value !== 'function' || !/^[a-z]/.test(name)) continue;
    wrapped[name] = Object.assign((...args: never[]) => {
      fsLayer.calls.push(name);
      return (fsLayer.faults[name] ?? (value as Fn))(...args);
    }, value);
  }
  return { ...wrapped, default: wrapped };
});
afterEach(() => {
  fsLayer.faults = {};
  fsLayer.calls = [];
});

const fsError = (code: string, syscall: string) =>
  Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
type Callback = (err: Error | null) => void;
const realFs = (await vi.importActual('node:fs')) as Record<string, Fn>;
/** Makes the async `name` (callback last) and its Sync twin fail with `code` when `when(args)`. */
function fail(name: string, code: string, when: (args: unknown[]) => boolean = () => true) {
  fsLayer.faults[name] = ((...args: unknown[]) => {
    if (!when(args)) return realFs[name]!(...(args as never[]));
    process.nextTick(args.at(-1) as Callback, fsError(code, name));
  }) as Fn;
  fsLayer.faults[`${name}Sync`] = ((...args: unknown[]) => {
    if (!when(args)) return realFs[`${name}Sync`]!(...(args as never[]));
    throw fsError(code, name);
  }) as Fn;
}

const v2 = (count: number) => bytesOf({ schemaVersion: '2.0.0', count, updatedBy: null });

function setup(syncIo: boolean) {
  const dir = tempDir();
  const path = join(dir, 'state.json');
  writeFileSync(path, v2(1));
  writeFileSync(`${path}.bak`, v2(0));
  const events: RecoverEvent[] = [];
  const file = openStateFile(path, counter, { fsync: false, syncIo, onRecover: (e) => events.push(e) });
  const siblings = () => readdirSync(dir).filter((n) => !n.startsWith('state.json.lock'));
  return { dir, path, file, events, siblings };
}

describe.each([false, true])('with syncIo: %s', (syncIo) => {
  it.each(['EXDEV', 'EPERM', 'ENOTSUP'])(
    'falls back to copying the previous file into .bak when hard links fail with %s',
    async (code) => {
      const { path, file, siblings } = setup(syncIo);
      fail('link', code);
      expect(await file.update(increment)).toEqual({ count: 2, updatedBy: null });
      expect(readFileSync(path, 'utf8')).toBe(v2(2));
      expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v2(1));
      expect(siblings().sort()).toEqual(['state.json', 'state.json.bak']);
    },
  );

  it.each([
    ['the hard link', 'link', () => true],
    ['the rename over .bak', 'rename', (args: unknown[]) => String(args[1]).endsWith('.bak')],
  ])('fails with EBACKUP when %s fails, and writes nothing', async (_, name, when) => {
    const { path, file } = setup(syncIo);
    const bak = statSync(`${path}.bak`).ino;
    fail(name, 'EIO', when);
    const err = await file.update(increment).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EBACKUP', path, cause: { code: 'EIO' } });
    expect((err as Error).message).toContain(`${path}.bak`);
    expect(readFileSync(path, 'utf8')).toBe(v2(1));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v2(0));
    expect(statSync(`${path}.bak`).ino).toBe(bak);
    fsLayer.faults = {};
    expect(await file.update(increment)).toEqual({ count: 2, updatedBy: null }); // and works again
  });

  it('keeps a copy of a corrupt file where hard links fail (EXDEV), with its mode, then repairs it', async () => {
    const { path, file, events, siblings } = setup(syncIo);
    writeFileSync(path, 'torn {', { mode: 0o640 });
    chmodSync(path, 0o640);
    fail('link', 'EXDEV', (args) => String(args[1]).includes('.corrupt-'));
    expect(await file.read()).toEqual({ count: 0, updatedBy: null });
    const movedTo = events[0]?.movedTo ?? '';
    expect(readFileSync(movedTo, 'utf8')).toBe('torn {');
    if (process.platform !== 'win32') expect(statSync(movedTo).mode & 0o777).toBe(0o640);
    expect(readFileSync(path, 'utf8')).toBe(v2(0));
    expect(siblings()).toHaveLength(3);
  });

  it.each([
    [
      'the hard link fails',
      'EACCES',
      () => fail('link', 'EACCES', (args) => String(args[1]).includes('.corrupt-')),
    ],
    [
      'hard links are unsupported and the copy fails',
      'ENOSPC',
      () => {
        fail('link', 'ENOTSUP', (args) => String(args[1]).includes('.corrupt-'));
        fail('open', 'ENOSPC', (args) => String(args[0]).includes('.corrupt-'));
      },
    ],
  ])('fails with ERECOVERY when %s, replacing nothing', async (_, code, inject) => {
    const { path, file, events, siblings } = setup(syncIo);
    writeFileSync(path, 'torn {');
    inject();
    for (const op of [() => file.read(), () => file.update(increment)]) {
      const err = await op().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERECOVERY', path, cause: { code } });
      expect((err as Error).message).toContain(path);
    }
    expect(readFileSync(path, 'utf8')).toBe('torn {');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v2(0));
    expect(siblings().sort()).toEqual(['state.json', 'state.json.bak']);
    expect(events).toEqual([]);
  });
});

describe('syncIo', () => {
  // the calls that go through libuv's thread pool, and their synchronous twins
  const POOLED = ['readFile', 'open', 'write', 'fsync', 'close', 'rename', 'link', 'lstat', 'stat'];

  async function callsOfOneUpdate(syncIo: boolean) {
    const { file } = setup(syncIo);
    await file.read();
    fsLayer.calls = [];
    await file.update(increment);
    await file.read();
    return new Set(fsLayer.calls);
  }

  it('reads, backs up and writes with synchronous calls only', async () => {
    const calls = await callsOfOneUpdate(true);
    expect(POOLED.filter((name) => calls.has(name))).toEqual([]);
    for (const name of ['readFileSync', 'linkSync', 'renameSync', 'openSync', 'writeSync', 'closeSync'])
      expect(calls, name).toContain(name);
  });

  it('uses the thread pool calls without it', async () => {
    const calls = await callsOfOneUpdate(false);
    for (const name of ['readFile', 'link', 'rename', 'open', 'write', 'close'])
      expect(calls, name).toContain(name);
    expect(calls).not.toContain('linkSync');
  });

  it('backs up a file where hard links fail (copy fallback) synchronously too', async () => {
    const { path, file } = setup(true);
    fail('link', 'EXDEV');
    fsLayer.calls = [];
    await file.update(increment);
    expect(POOLED.filter((name) => new Set(fsLayer.calls).has(name))).toEqual([]);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(v2(1));
  });
});
