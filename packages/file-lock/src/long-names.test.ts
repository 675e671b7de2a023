import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, tempDir } from '@steadystate/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines } from '../test/json-lines.js';
import { inspectLock, lock, withLock } from './index.js';
import { claimHome, layoutFor, NAME_MAX, newNonce, preparedDir, tombPath } from './layout.js';

const holderScript = fileURLToPath(new URL('../test/fixtures/holder.mjs', import.meta.url));
const children: Array<ReturnType<typeof spawnNode>> = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const bytes = (name: string) => Buffer.byteLength(name);

/** Every file name the lock makes for `path` (the per-process and tomb names with a fresh nonce). */
function namesFor(path: string): string[] {
  const layout = layoutFor(path);
  const nonce = newNonce();
  return [
    layout.lockPath,
    layout.tokenFile,
    layout.queueDir,
    tombPath(layout, nonce),
    preparedDir(layout, nonce),
    claimHome(layout, nonce),
  ].map((p) => basename(p));
}

/** The longest prefix of whole characters of `text` with at most `max` bytes. */
function cut(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

const NAMES_255: Array<[string, string]> = [
  ['ASCII', 'a'.repeat(255)],
  ['2-byte characters', `${'é'.repeat(127)}a`],
  ['4-byte characters', `${'😀'.repeat(63)}abc`],
];

describe('names of the lock files for long target names', () => {
  it('keeps every name within 255 bytes for any target name up to 255 bytes', () => {
    // Strings of ASCII and of multi-byte characters (up to 4 bytes each), cut to at most
    // 255 bytes of whole characters: most end up longer than the 228 bytes a name can
    // have before its lock files need shortened names.
    const targets = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 400, unit: 'binary', size: 'max' }),
        fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme', size: 'max' }),
        fc.string({ minLength: 200, maxLength: 300, size: 'max' }),
      )
      .map((s) => cut(s.replaceAll('/', '_').replaceAll('\0', '_'), NAME_MAX))
      .filter((s) => s !== '' && s !== '.' && s !== '..');
    let long = 0;
    fc.assert(
      fc.property(targets, (target) => {
        if (bytes(target) > 228) long += 1;
        for (const name of namesFor(join('/some/dir', target)))
          expect(bytes(name)).toBeLessThanOrEqual(NAME_MAX);
      }),
      { numRuns: 300 },
    );
    expect(long).toBeGreaterThan(100); // the generator did reach the names that need shortening
    for (const [, name] of NAMES_255) {
      for (const made of namesFor(join('/d', name))) expect(bytes(made)).toBeLessThanOrEqual(NAME_MAX);
    }
  });

  it('names short targets as before, and long targets sharing a prefix apart', () => {
    expect(namesFor('/d/state.json').slice(0, 3)).toEqual([
      'state.json.lock',
      'state.json.lock.token',
      'state.json.lock.queue',
    ]);
    const name228 = 'x'.repeat(228);
    expect(namesFor(`/d/${name228}`).map((n) => n.startsWith(`${name228}.lock`))).toEqual(
      Array(6).fill(true),
    );
    const a = layoutFor(`/d/${'x'.repeat(254)}a`);
    const b = layoutFor(`/d/${'x'.repeat(254)}b`);
    expect(a.lockPath).not.toBe(b.lockPath);
    expect(a.tokenFile).not.toBe(b.tokenFile);
    expect(tombPath(a, '0'.repeat(16))).not.toBe(tombPath(b, '0'.repeat(16)));
  });

  it.each(NAMES_255)('locks and releases a path whose name is 255 bytes of %s', async (_, name) => {
    expect(bytes(name)).toBe(255);
    const dir = tempDir();
    const path = join(dir, name);
    const tokens = [await withLock(path, (h) => h.token), await withLock(path, (h) => h.token)];
    expect(tokens).toEqual([1, 2]);
    for (const made of readdirSync(dir)) expect(bytes(made)).toBeLessThanOrEqual(NAME_MAX);
  });

  it.each([
    ['230 bytes of ASCII (the tomb name overflowed)', 'y'.repeat(230)],
    ...NAMES_255.map(([what, name]): [string, string] => [`255 bytes of ${what}`, name]),
  ])('takes over from a SIGKILLed holder of a path named with %s', async (_, name) => {
    const path = join(tempDir(), name);
    const child = spawnNode(holderScript, [path, '{}']);
    children.push(child);
    const lines = jsonLines(child);
    const held = await Promise.race([lines.next('held'), lines.next('error')]);
    expect(held).toMatchObject({ event: 'held' });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const handle = await lock(path, { timeoutMs: 20_000 });
    expect(handle.token).toBeGreaterThan(held.token as number);
    expect((await inspectLock(path))?.pid).toBe(process.pid);
    await handle.release();
    expect(await inspectLock(path)).toBeUndefined();
  });
});
