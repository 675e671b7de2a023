import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { bytesOf, counter, increment, setCount } from '../test/counter.ts';
import { openStateFile, type RecoverEvent } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const v2 = (count: number) => bytesOf({ schemaVersion: '2.0.0', count, updatedBy: null });

/** `<dir>/current.json` -> `state.json` (relative, as `ln -s` makes it). */
function linked() {
  const dir = realpathSync(tempDir());
  const real = join(dir, 'state.json');
  const link = join(dir, 'current.json');
  symlinkSync('state.json', link);
  return { dir, real, link };
}

/** The names in `dir` other than file-lock's `.lock*` files. */
const entries = (dir: string) =>
  readdirSync(dir)
    .filter((n) => !n.includes('.lock'))
    .sort();

describe.each([false, true])('a state file behind a symlink (syncIo: %s)', (syncIo) => {
  const open = (path: string, events: RecoverEvent[] = []) =>
    openStateFile(path, counter, { fsync: false, syncIo, onRecover: (e) => events.push(e) });

  it('shares one lock with its target: 50 updates split between link and target lose none', async () => {
    const { real, link } = linked();
    const viaReal = open(real);
    const viaLink = open(link);
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? viaReal : viaLink).update(increment)));
    expect(readFileSync(real, 'utf8')).toBe(v2(50));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('keeps the previous content as <target>.bak, a regular file, and writes nothing beside the link', async () => {
    const { dir, real, link } = linked();
    const file = open(link);
    await file.update(setCount(1));
    await file.update(setCount(2));
    expect(readFileSync(real, 'utf8')).toBe(v2(2));
    expect(lstatSync(`${real}.bak`).isFile()).toBe(true);
    expect(readFileSync(`${real}.bak`, 'utf8')).toBe(v2(1));
    expect(entries(dir)).toEqual(['current.json', 'state.json', 'state.json.bak']);
    expect(readdirSync(dir).filter((n) => n.startsWith('current.json.'))).toEqual([]);
    expect(readlinkSync(link)).toBe('state.json');
  });

  it('repairs a corrupt target from its .bak and leaves the link a link', async () => {
    const { dir, real, link } = linked();
    const events: RecoverEvent[] = [];
    const file = open(link, events);
    await file.update(setCount(1));
    await file.update(setCount(2));
    writeFileSync(real, '{"schemaVersion":"2.0.0","count":'); // torn
    expect(await file.read()).toEqual({ count: 1, updatedBy: null });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('state.json');
    expect(readFileSync(real, 'utf8')).toBe(v2(1));
    const [corrupt, ...more] = entries(dir).filter((n) => n.startsWith('state.json.corrupt-'));
    expect(more).toEqual([]);
    expect(readFileSync(join(dir, corrupt!), 'utf8')).toBe('{"schemaVersion":"2.0.0","count":');
    expect(events).toEqual([
      { path: link, movedTo: join(dir, corrupt!), restoredFrom: 'backup', cause: expect.any(Error) },
    ]);
    expect(await file.update(increment)).toEqual({ count: 2, updatedBy: null });
    expect(readFileSync(real, 'utf8')).toBe(v2(2));
  });

  it('follows a link re-pointed after open (resolved per operation)', async () => {
    const { dir, real, link } = linked();
    const file = open(link);
    await file.update(setCount(5));
    const other = join(dir, 'other.json');
    writeFileSync(other, v2(100));
    rmSync(link);
    symlinkSync('other.json', link);
    expect(await file.update(increment)).toEqual({ count: 101, updatedBy: null });
    expect(readFileSync(other, 'utf8')).toBe(v2(101));
    expect(readFileSync(`${other}.bak`, 'utf8')).toBe(v2(100));
    expect(readFileSync(real, 'utf8')).toBe(v2(5));
  });

  it('creates the missing target of a dangling link, locked and backed up under the target name', async () => {
    const dir = realpathSync(tempDir());
    mkdirSync(join(dir, 'data'));
    const link = join(dir, 'current.json');
    symlinkSync('data/state.json', link);
    const real = join(dir, 'data', 'state.json');
    const viaLink = open(link);
    expect(await viaLink.read()).toEqual({ count: 0, updatedBy: null });
    expect(existsSync(real)).toBe(false);
    const viaReal = open(real);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? viaReal : viaLink).update(increment)));
    expect(readFileSync(real, 'utf8')).toBe(v2(20));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['current.json', 'data']);
    expect(existsSync(`${real}.bak`)).toBe(true);
  });
});

describe('a state file behind a symlink, from several processes', () => {
  it('4 processes x 50 increments, two through the link and two through the target, end at 200', async () => {
    const { real, link } = linked();
    const runs = await Promise.all(
      [link, real, link, real].map((path) => runNode(fixture('increment.mjs'), [path, '50', '0'])),
    );
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(counter.parse(JSON.parse(readFileSync(real, 'utf8'))).value.count).toBe(200);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  }, 120_000);
});
