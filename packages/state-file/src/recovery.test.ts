import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lock } from '@steadystate/file-lock';
import { spawnNode, startNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it, vi } from 'vitest';
import { bytesOf, counter, increment, setCount } from '../test/counter.ts';
import { openStateFile, type RecoverEvent } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const v2 = (count: number) => ({ schemaVersion: '2.0.0', count, updatedBy: null });

const CORRUPT: Record<string, { bytes: string; code: string; reason?: string }> = {
  garbage: { bytes: '\u0000\u0001 not json at all \u00ff', code: 'ECORRUPT' },
  empty: { bytes: '', code: 'ECORRUPT' },
  truncated: { bytes: bytesOf(v2(41)).slice(0, 20), code: 'ECORRUPT' },
  'schema-invalid': {
    bytes: '{"schemaVersion":"2.0.0","count":"many","updatedBy":null}',
    code: 'EVALIDATION',
  },
  'without schemaVersion': { bytes: '{"count":1}', code: 'EMIGRATION', reason: 'missing-version' },
  'schemaVersion "abc"': {
    bytes: '{"schemaVersion":"abc","count":1,"updatedBy":null}',
    code: 'EMIGRATION',
    reason: 'invalid-version',
  },
};

function setup() {
  const path = join(tempDir(), 'state.json');
  const events: RecoverEvent[] = [];
  const file = openStateFile(path, counter, { fsync: false, onRecover: (e) => events.push(e) });
  return { path, file, events };
}

function corruptCopies(path: string): string[] {
  return readdirSync(dirname(path))
    .filter((name) => name.startsWith(`${basename(path)}.corrupt-`))
    .map((name) => join(dirname(path), name));
}

describe.each(Object.entries(CORRUPT))('a %s file', (_kind, { bytes, code, reason }) => {
  it.each(['read', 'update'] as const)('is moved aside and restored from a good .bak by %s()', async (op) => {
    const { path, file, events } = setup();
    writeFileSync(path, bytes);
    writeFileSync(`${path}.bak`, bytesOf(v2(40)));
    const value = op === 'read' ? await file.read() : await file.update(increment);
    expect(value).toEqual({ count: op === 'read' ? 40 : 41, updatedBy: null });
    const [moved, ...more] = corruptCopies(path);
    expect(more).toEqual([]);
    expect(readFileSync(moved!, 'latin1')).toBe(Buffer.from(bytes).toString('latin1'));
    expect(moved).toMatch(/\.corrupt-\d{8}T\d{9}Z$/);
    expect(events).toEqual([
      {
        path,
        movedTo: moved,
        restoredFrom: 'backup',
        cause: expect.objectContaining(reason ? { code, reason } : { code }),
      },
    ]);
    expect(await file.read()).toEqual(value);
    expect(events).toHaveLength(1);
  });

  it('is replaced by the defaults when there is no .bak', async () => {
    const { path, file, events } = setup();
    writeFileSync(path, bytes);
    expect(await file.read()).toEqual({ count: 0, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(0)));
    expect(events).toEqual([
      { path, movedTo: corruptCopies(path)[0], restoredFrom: 'defaults', cause: expect.any(Error) },
    ]);
  });
});

describe('recovery', () => {
  it('uses the defaults when .bak is corrupt too, and leaves that .bak alone', async () => {
    const { path, file, events } = setup();
    writeFileSync(path, '{"schemaVersion":');
    writeFileSync(`${path}.bak`, '{"schemaVersion":"2.0.0","count":-5,"updatedBy":null}');
    expect(await file.read()).toEqual({ count: 0, updatedBy: null });
    expect(events.map((e) => e.restoredFrom)).toEqual(['defaults']);
    expect(readFileSync(`${path}.bak`, 'utf8')).toContain('-5');
  });

  it('migrates an older .bak when restoring from it', async () => {
    const { path, file, events } = setup();
    writeFileSync(path, 'oops');
    writeFileSync(`${path}.bak`, '{"schemaVersion":"1.0.0","counter":12}');
    expect(await file.read()).toEqual({ count: 12, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(12)));
    expect(events.map((e) => e.restoredFrom)).toEqual(['backup']);
  });

  it('reset() moves a corrupt file aside and writes the defaults, not the backup', async () => {
    const { path, file, events } = setup();
    writeFileSync(path, 'oops');
    writeFileSync(`${path}.bak`, bytesOf(v2(40)));
    expect(await file.reset()).toEqual({ count: 0, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(0)));
    expect(events.map((e) => e.restoredFrom)).toEqual(['defaults']);
    expect(readFileSync(corruptCopies(path)[0]!, 'utf8')).toBe('oops');
  });

  it('keeps the mode of the corrupt file for the repaired one', async () => {
    if (process.platform === 'win32') return;
    const { path, file } = setup();
    writeFileSync(path, 'oops', { mode: 0o640 });
    await file.read();
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('does not put a corrupt document into .bak', async () => {
    const { path, file } = setup();
    writeFileSync(path, 'oops');
    writeFileSync(`${path}.bak`, bytesOf(v2(3)));
    await file.update(setCount(4));
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(4)));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(bytesOf(v2(3)));
  });

  it('passes an exception thrown by onRecover to the caller, after the repaired file was written', async () => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, 'oops');
    writeFileSync(`${path}.bak`, bytesOf(v2(7)));
    const boom = new Error('alerting is down');
    const file = openStateFile(path, counter, {
      fsync: false,
      onRecover: () => {
        throw boom;
      },
    });
    await expect(file.read()).rejects.toBe(boom);
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(7)));
    expect(corruptCopies(path).map((p) => readFileSync(p, 'utf8'))).toEqual(['oops']);
    // the lock was released: the next call goes through, and finds nothing more to repair
    expect(await file.update(increment)).toEqual({ count: 8, updatedBy: null });
  });

  it('repairs once when several processes read the corrupt file at the same time', async () => {
    const { path, events } = setup();
    writeFileSync(path, '{"schemaVersion":"2.0.0","cou');
    writeFileSync(`${path}.bak`, bytesOf(v2(9)));
    // hold the lock so that every child finds the file corrupt and queues for the repair
    const held = await lock(path);
    const children = Array.from({ length: 4 }, () => spawnNode(fixture('recover-read.mjs'), [path]));
    const outputs = children.map(
      (child) =>
        new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout?.setEncoding('utf8').on('data', (d: string) => {
            out += d;
          });
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exit ${code}`))));
        }),
    );
    await Promise.all(children.map((child) => new Promise((resolve) => child.stdout?.once('data', resolve))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(existsSync(path)).toBe(true);
    expect(corruptCopies(path)).toEqual([]);
    await held.release();
    const results = (await Promise.all(outputs)).map((out) => JSON.parse(out.trim().split('\n').at(-1)!));
    for (const result of results) expect(result.value).toEqual({ count: 9, updatedBy: null });
    const allEvents = results.flatMap((r) => r.events);
    expect(allEvents).toHaveLength(1);
    expect(allEvents[0]).toMatchObject({ restoredFrom: 'backup', cause: 'ECORRUPT' });
    expect(corruptCopies(path)).toEqual([allEvents[0].movedTo]);
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(9)));
    expect(events).toEqual([]);
  });
});

describe('a crash during the repair', () => {
  it('leaves the corrupt file in place: a read meanwhile waits, and after the kill .bak is restored', async () => {
    const { path, file, events } = setup();
    const torn = '{"schemaVersion":"2.0.0","count":4';
    writeFileSync(path, torn);
    writeFileSync(`${path}.bak`, bytesOf(v2(41)));
    const { child, done } = startNode(fixture('hang-in-repair.mjs'), [path]);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('repairing\n')) resolve();
      });
      done.then((r) => reject(new Error(`child exited (${r.code ?? r.signal}) early: ${r.stderr}`)));
    });
    // the child holds the lock in the middle of its repair: the path still holds the corrupt
    // bytes (already kept aside), so an unlocked read() sees them and queues for the lock
    expect(readFileSync(path, 'utf8')).toBe(torn);
    expect(corruptCopies(path).map((p) => readFileSync(p, 'utf8'))).toEqual([torn]);
    let settled = false;
    const reading = file.read().finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(false);

    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(await reading).toEqual({ count: 41, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(41)));
    expect(events.map((e) => e.restoredFrom)).toEqual(['backup']);
    expect(await file.update(increment)).toEqual({ count: 42, updatedBy: null });
    // the second repair kept its own copy of the same bytes; none was overwritten
    expect(corruptCopies(path).map((p) => readFileSync(p, 'utf8'))).toEqual([torn, torn]);
  });
});

describe('the corrupt copy', () => {
  it('takes the next suffix (-2, -3, ...) when the name is taken, never overwriting a kept copy', async () => {
    const { path, file, events } = setup();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2024-05-01T12:30:45.123Z') });
    try {
      const base = `${path}.corrupt-20240501T123045123Z`;
      writeFileSync(base, 'first');
      writeFileSync(`${base}-2`, 'second');
      writeFileSync(path, 'third');
      await file.read();
      expect(events.map((e) => e.movedTo)).toEqual([`${base}-3`]);
      expect([base, `${base}-2`, `${base}-3`].map((p) => readFileSync(p, 'utf8'))).toEqual([
        'first',
        'second',
        'third',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
