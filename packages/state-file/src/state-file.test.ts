import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lock } from '@steadystate/file-lock';
import { defineVersioned } from '@steadystate/schema-migration';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bytesOf, counter, increment, setCount } from '../test/counter.ts';
import { openStateFile } from './index.js';

const v2 = (count: number, updatedBy: string | null = null) => ({ schemaVersion: '2.0.0', count, updatedBy });

function setup(opts: Parameters<typeof openStateFile>[2] = {}) {
  const path = join(tempDir(), 'state.json');
  return { path, file: openStateFile(path, counter, { fsync: false, ...opts }) };
}

describe('read', () => {
  it('returns the defaults for a missing file without creating it', async () => {
    const { path, file } = setup();
    expect(await file.read()).toEqual({ count: 0, updatedBy: null });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('reports defaults that fail their own schema as EVALIDATION, not as a corrupt file', async () => {
    const path = join(tempDir(), 'state.json');
    const broken = defineVersioned({
      version: '1.0.0',
      schema: z.object({ n: z.number() }),
      defaults: () => ({ n: 'zero' as unknown as number }),
    });
    const file = openStateFile(path, broken, { fsync: false });
    await expect(file.read()).rejects.toMatchObject({ code: 'EVALIDATION' });
    await expect(file.update(() => {})).rejects.toMatchObject({ code: 'EVALIDATION' });
    expect(existsSync(path)).toBe(false);
  });

  it('migrates an older file in memory and leaves it as it was', async () => {
    const { path, file } = setup();
    writeFileSync(path, '{"schemaVersion":"1.0.0","counter":7}');
    expect(await file.read()).toEqual({ count: 7, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion":"1.0.0","counter":7}');
  });

  it('reads a healthy file while another holder has the lock', async () => {
    const { path, file } = setup();
    writeFileSync(path, bytesOf(v2(3)));
    const held = await lock(path);
    try {
      expect(await file.read()).toEqual({ count: 3, updatedBy: null });
    } finally {
      await held.release();
    }
  });
});

describe('update', () => {
  it('creates a new file with mode 0600 and returns the new value', async () => {
    const { path, file } = setup();
    const value = await file.update((draft) => {
      draft.count = 5;
    });
    expect(value).toEqual({ count: 5, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(5)));
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('accepts a returned value instead of a mutated draft', async () => {
    const { file } = setup();
    await file.update((draft) => {
      draft.count = 1;
    });
    expect(await file.update((draft) => ({ ...draft, count: draft.count + 10, updatedBy: 'me' }))).toEqual({
      count: 11,
      updatedBy: 'me',
    });
    expect(await file.read()).toEqual({ count: 11, updatedBy: 'me' });
  });

  it('hands fn a deep copy: a draft kept after fn threw does not leak into the next read', async () => {
    const { path, file } = setup();
    writeFileSync(path, bytesOf(v2(3, 'alice')));
    expect(await file.read()).toEqual({ count: 3, updatedBy: 'alice' }); // the same text again below
    let kept: { count: number; updatedBy: string | null } | undefined;
    await expect(
      file.update((draft) => {
        kept = draft;
        draft.count = 99;
        draft.updatedBy = 'mallory';
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(kept).toEqual({ count: 99, updatedBy: 'mallory' });
    expect(await file.read()).toEqual({ count: 3, updatedBy: 'alice' });
    expect(await file.update(increment)).toEqual({ count: 4, updatedBy: 'alice' });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(4, 'alice')));
  });

  it('keeps the previous good document in .bak after each update', async () => {
    const { path, file } = setup();
    for (let i = 1; i <= 3; i++) {
      await file.update((draft) => {
        draft.count = i;
      });
      expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(i)));
      if (i === 1) expect(existsSync(`${path}.bak`)).toBe(false);
      else expect(readFileSync(`${path}.bak`, 'utf8')).toBe(bytesOf(v2(i - 1)));
    }
    expect(existsSync(`${path}.bak.tmp`)).toBe(false);
  });

  it('makes the replaced file itself the .bak (same inode: no data copied)', async () => {
    const { path, file } = setup();
    await file.update(setCount(1));
    const old = statSync(path).ino;
    await file.update(setCount(2));
    expect(statSync(`${path}.bak`).ino).toBe(old);
    expect(statSync(path).ino).not.toBe(old);
  });

  it('recovers from a .bak.tmp left by a writer killed mid-rotation', async () => {
    const { path, file } = setup();
    await file.update(setCount(1));
    writeFileSync(`${path}.bak.tmp`, 'leftover');
    await file.update(setCount(2));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(bytesOf(v2(1)));
    expect(existsSync(`${path}.bak.tmp`)).toBe(false);
  });

  it('returns and reads values in their decoded form for a codec schema', async () => {
    const path = join(tempDir(), 'dated.json');
    const dated = defineVersioned({
      version: '1.0.0',
      schema: z.object({
        at: z.codec(z.iso.datetime(), z.date(), {
          decode: (s) => new Date(s),
          encode: (d) => d.toISOString(),
        }),
      }),
      defaults: () => ({ at: '2020-01-01T00:00:00.000Z' }),
    });
    const file = openStateFile(path, dated, { fsync: false });
    await file.reset();
    const value = await file.update((d) => void d.at.setUTCFullYear(2024));
    expect(value.at).toBeInstanceOf(Date);
    expect(value.at.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      schemaVersion: '1.0.0',
      at: '2024-01-01T00:00:00.000Z',
    });
    expect((await file.read()).at).toEqual(new Date('2024-01-01T00:00:00.000Z'));
    // unchanged is judged on the stored form: no rewrite
    const ino = statSync(path).ino;
    await file.update(() => {});
    expect(statSync(path).ino).toBe(ino);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(
      bytesOf({ schemaVersion: '1.0.0', at: '2020-01-01T00:00:00.000Z' }),
    );
  });

  it('writes nothing when fn throws: file and .bak byte-identical, mtime unchanged', async () => {
    const { path, file } = setup();
    await file.update(setCount(1));
    await file.update(setCount(2));
    const before = { bytes: readFileSync(path), bak: readFileSync(`${path}.bak`), stat: statSync(path) };
    const boom = new Error('fn failed');
    await expect(
      file.update((draft) => {
        draft.count = 100;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(readFileSync(path).equals(before.bytes)).toBe(true);
    expect(readFileSync(`${path}.bak`).equals(before.bak)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before.stat.mtimeMs);
    expect(statSync(path).ino).toBe(before.stat.ino);
  });

  it('does not rewrite an unchanged document (same inode and mtime, .bak untouched)', async () => {
    const { path, file } = setup();
    await file.update(setCount(1));
    await file.update(setCount(2));
    const before = { stat: statSync(path), bak: statSync(`${path}.bak`) };
    expect(await file.update(() => {})).toEqual({ count: 2, updatedBy: null });
    expect(await file.update((d) => ({ ...d }))).toEqual({ count: 2, updatedBy: null });
    expect(statSync(path).ino).toBe(before.stat.ino);
    expect(statSync(path).mtimeMs).toBe(before.stat.mtimeMs);
    expect(statSync(`${path}.bak`).ino).toBe(before.bak.ino);
  });

  it('refuses a value that fails the schema (EVALIDATION) and writes nothing', async () => {
    const { path, file } = setup();
    await file.update(setCount(1));
    const bytes = readFileSync(path);
    await expect(file.update(setCount(-1))).rejects.toMatchObject({ code: 'EVALIDATION' });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('propagates a lock timeout (ELOCKTIMEOUT) and writes nothing', async () => {
    const { path, file } = setup({ lock: { timeoutMs: 200 } });
    writeFileSync(path, bytesOf(v2(1)));
    const held = await lock(path);
    try {
      await expect(file.update(setCount(2))).rejects.toMatchObject({ code: 'ELOCKTIMEOUT' });
    } finally {
      await held.release();
    }
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(1)));
  });

  it('gives up waiting when its signal aborts', async () => {
    const { path, file } = setup();
    const held = await lock(path);
    try {
      const abort = new AbortController();
      const pending = file.update(setCount(2), { signal: abort.signal });
      abort.abort();
      await expect(pending).rejects.toMatchObject({ code: 'ELOCKABORTED' });
    } finally {
      await held.release();
    }
    expect(existsSync(path)).toBe(false);
  });

  it('serialises concurrent updates from one process', async () => {
    const { file } = setup();
    await Promise.all(Array.from({ length: 20 }, () => file.update(increment)));
    expect((await file.read()).count).toBe(20);
  });

  it('writes no .bak with backup: false', async () => {
    const { path, file } = setup({ backup: false });
    await file.update(setCount(1));
    await file.update(setCount(2));
    expect(existsSync(`${path}.bak`)).toBe(false);
  });
});

describe('re-reads of the same text', () => {
  it('migrate and validate the document once, and still hand out copies', async () => {
    const path = join(tempDir(), 'state.json');
    writeFileSync(path, JSON.stringify(v2(1)));
    let parses = 0;
    const counting = {
      ...counter,
      parse(raw: unknown) {
        parses += 1;
        return counter.parse(raw);
      },
    };
    const file = openStateFile(path, counting, { fsync: false });
    const first = await file.read();
    first.count = 99; // a caller's copy: must not reach the next read
    expect(await file.read()).toEqual({ count: 1, updatedBy: null });
    // the update's locked read finds the same text: not parsed again
    await file.update(() => {});
    expect(parses).toBe(1);
    writeFileSync(path, JSON.stringify(v2(5))); // another writer: new text, parsed
    const after = await file.update((d) => increment(d));
    expect(after.count).toBe(6);
    after.count = 0;
    expect(await file.read()).toMatchObject({ count: 6 });
    expect(parses).toBe(3); // the new text, then the written document
  });
});

describe('migration', () => {
  it('writes the migrated document on update, keeping the old version in .bak', async () => {
    const { path, file } = setup();
    writeFileSync(path, '{"schemaVersion":"1.0.0","counter":7}');
    expect(await file.update(() => {})).toEqual({ count: 7, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(7)));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('{"schemaVersion":"1.0.0","counter":7}');
  });

  it('refuses a file newer than the code (EMIGRATION, newer) and leaves it untouched', async () => {
    const { path, file } = setup();
    const newer = '{"schemaVersion":"3.0.0","count":1,"extra":true}';
    writeFileSync(path, newer);
    const mtime = statSync(path).mtimeMs;
    await expect(file.update(setCount(2))).rejects.toMatchObject({
      code: 'EMIGRATION',
      reason: 'newer',
    });
    await expect(file.read()).rejects.toMatchObject({ code: 'EMIGRATION', reason: 'newer' });
    await expect(file.reset()).rejects.toMatchObject({ code: 'EMIGRATION', reason: 'newer' });
    expect(readFileSync(path, 'utf8')).toBe(newer);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });
});

describe('reset', () => {
  it('writes the defaults under the lock and keeps the old document in .bak', async () => {
    const { path, file } = setup();
    await file.update(setCount(4));
    expect(await file.reset()).toEqual({ count: 0, updatedBy: null });
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(0)));
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(bytesOf(v2(4)));
  });

  it('creates the file with the defaults when it is missing', async () => {
    const { path, file } = setup();
    await file.reset();
    expect(readFileSync(path, 'utf8')).toBe(bytesOf(v2(0)));
  });
});
