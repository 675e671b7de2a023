import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { CorruptEntryError } from './errors.js';
import { JsonBackend } from './json-backend.js';
import { moveAside } from './json-entry-file.js';
import { StateManager } from './state-manager.js';

/* An entry file damaged from outside (every write is an atomic replace, so only that can leave one). */

async function setup() {
  const dir = tempDir();
  const m = await StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'ns' });
  const entries = join(dir, 'ns', 'entries');
  const damage = (key: string, bytes: string) => writeFileSync(join(entries, `${key}.json`), bytes);
  const aside = () => readdirSync(entries).filter((f) => f.includes('.corrupt-'));
  return { m, entries, damage, aside };
}

describe('json backend: a damaged entry file', () => {
  it('fails reads and checkpoints with CorruptEntryError naming the file and the way out', async () => {
    const { m, entries, damage } = await setup();
    for (let i = 1; i <= 3; i++) await m.save('a', { step: i, note: 'x'.repeat(40) });
    await m.save('b', 'fine');
    const whole = readFileSync(join(entries, 'a.json'), 'utf8');
    damage('a', whole.slice(0, 45)); // torn: the start, with its revision, is still there
    const error = await m.load('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptEntryError);
    expect(error).toMatchObject({
      code: 'ECORRUPTENTRY',
      key: 'a',
      path: join(entries, 'a.json'),
      salvagedRevision: 3,
    });
    expect((error as Error).message).toMatch(
      /^checkpoint: expected a readable entry for key "a" in .*a\.json, found .*; save or delete the key to replace it/,
    );
    await expect(m.checkpoint('c')).rejects.toMatchObject({ code: 'ECORRUPTENTRY', key: 'a' });
    expect(await m.load('b')).toBe('fine'); // other keys are unaffected
  });

  it('a save replaces it, keeps its bytes aside and continues its revisions', async () => {
    const { m, entries, damage, aside } = await setup();
    for (let i = 1; i <= 3; i++) await m.save('a', i);
    const torn = readFileSync(join(entries, 'a.json'), 'utf8').slice(0, 30);
    damage('a', torn);
    await expect(m.save('a', 'x', { ifRevision: 2 })).rejects.toMatchObject({ code: 'ECONFLICT', found: 3 });
    expect(aside()).toEqual([]); // a refused save moves nothing
    expect(await m.save('a', 'new', { ifRevision: 3 })).toEqual({ revision: 4 });
    expect(await m.get('a')).toMatchObject({ value: 'new', revision: 4 });
    expect(aside()).toHaveLength(1);
    expect(readFileSync(join(entries, aside()[0] as string), 'utf8')).toBe(torn);
    expect(await m.keys()).toEqual(['a']); // the kept copy is not a key
    await m.checkpoint('after'); // the namespace checkpoints again
  });

  it('garbage with no revision left starts again at 1; a delete removes it (kept aside) and says it existed', async () => {
    const { m, damage, aside } = await setup();
    await m.save('a', 1);
    await m.save('b', 1);
    damage('a', '\u0000\u0000garbage');
    expect((await m.save('a', 2)).revision).toBe(1);
    damage('b', '[1, 2, 3]'); // JSON, but not an entry
    await expect(m.load('b')).rejects.toMatchObject({ code: 'ECORRUPTENTRY', salvagedRevision: 0 });
    expect(await m.delete('b')).toBe(true);
    expect(await m.load('b', 'gone')).toBe('gone');
    expect(aside()).toHaveLength(2);
  });

  it('damaged twice within one millisecond: both damaged copies are kept', async () => {
    const { m, entries, aside } = await setup();
    await m.save('a', 1);
    for (const bytes of ['first damage', 'second damage']) {
      writeFileSync(join(entries, 'a.json'), bytes);
      await moveAside(join(entries, 'a.json'), new Date(0)); // the same time: the same base name
    }
    expect(
      aside()
        .map((f) => readFileSync(join(entries, f), 'utf8'))
        .sort(),
    ).toEqual(['first damage', 'second damage']);
  });

  it('a restore puts the key back over it, keeping the damaged bytes aside', async () => {
    const { m, damage, aside } = await setup();
    await m.save('a', 'good');
    await m.checkpoint('known-good');
    await m.save('a', 'later');
    damage('a', '{"key":"a","revision":2,"upd');
    await m.restore('known-good');
    expect(await m.get('a')).toMatchObject({ value: 'good', revision: 3 });
    expect(aside()).toHaveLength(1);
  });
});
