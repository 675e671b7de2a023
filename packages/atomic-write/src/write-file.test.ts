import fs, {
  chmodSync,
  chownSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import type { JsonWriteOptions, WriteOptions, WriteResult } from './options.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';
import { writeJsonAtomic, writeJsonAtomicSync } from './write-json.js';

const modeOf = (path: string) => statSync(path).mode & 0o7777;

const twins = [
  {
    name: 'async',
    writeFile: (p: string, d: string | Uint8Array, o?: WriteOptions) => writeFileAtomic(p, d, o),
    writeJson: (p: string, v: unknown, o?: JsonWriteOptions) => writeJsonAtomic(p, v, o),
  },
  {
    name: 'sync',
    writeFile: async (p: string, d: string | Uint8Array, o?: WriteOptions): Promise<WriteResult> =>
      writeFileAtomicSync(p, d, o),
    writeJson: async (p: string, v: unknown, o?: JsonWriteOptions): Promise<WriteResult> =>
      writeJsonAtomicSync(p, v, o),
  },
];

describe.each(twins)('$name writer', ({ writeFile, writeJson }) => {
  it('creates a new file with mode 0600 and reports what it wrote', async () => {
    const path = join(scratchDir(), 'secret.json');
    const result = await writeFile(path, 'hello');
    expect(result).toEqual({ path, bytes: 5, dirSynced: true }); // Linux can fsync a directory
    expect(readFileSync(path, 'utf8')).toBe('hello');
    expect(modeOf(path)).toBe(0o600);
  });

  it('keeps the mode of an existing 0644 file', async () => {
    const path = join(scratchDir(), 'shared.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    await writeFile(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(modeOf(path)).toBe(0o644);
  });

  it('keeps an existing mode even when another mode is asked for', async () => {
    const path = join(scratchDir(), 'shared.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    await writeFile(path, 'new', { mode: 0o600 });
    expect(modeOf(path)).toBe(0o640);
  });

  it('keeps the owner and group of an existing file when running as root', async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('needs root: only root can give the new file to another owner');
    const path = join(scratchDir(), 'theirs.json');
    writeFileSync(path, 'old');
    chownSync(path, 4321, 4322);
    chmodSync(path, 0o2750); // setgid survives too: the chown happens before the chmod
    await writeFile(path, 'new');
    const st = statSync(path);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([4321, 4322, 0o2750]);
  });

  it('gives a new file exactly the mode asked for, whatever the umask', async () => {
    const path = join(scratchDir(), 'public.json');
    await writeFile(path, 'x', { mode: 0o664 }); // a 022 umask would make it 0644
    expect(modeOf(path)).toBe(0o664);
  });

  it('keeps 0600 exact under a umask that clears owner bits (0o277), for new and replaced files', async () => {
    const dir = scratchDir();
    const old = process.umask(0o277);
    try {
      await writeFile(join(dir, 'new.json'), 'x');
      writeFileSync(join(dir, 'kept.json'), 'x', { mode: 0o600 });
      chmodSync(join(dir, 'kept.json'), 0o600);
      await writeFile(join(dir, 'kept.json'), 'y');
      await writeFile(join(dir, 'asked.json'), 'x', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    expect([
      modeOf(join(dir, 'new.json')),
      modeOf(join(dir, 'kept.json')),
      modeOf(join(dir, 'asked.json')),
    ]).toEqual([0o600, 0o600, 0o644]);
  });

  it('writes bytes from a Uint8Array view, not its whole buffer', async () => {
    const path = join(scratchDir(), 'bytes.bin');
    const backing = Buffer.from('xxABCxx');
    const result = await writeFile(path, new Uint8Array(backing.buffer, backing.byteOffset + 2, 3));
    expect(readFileSync(path, 'latin1')).toBe('ABC');
    expect(result.bytes).toBe(3);
  });

  it('counts bytes, not characters', async () => {
    const path = join(scratchDir(), 'utf8.txt');
    expect((await writeFile(path, 'é€')).bytes).toBe(5);
  });

  it('reports dirSynced false when fsyncDir is off', async () => {
    const path = join(scratchDir(), 'a.json');
    expect((await writeFile(path, 'x', { fsyncDir: false })).dirSynced).toBe(false);
    expect((await writeFile(path, 'y', { fsync: false, fsyncDir: false })).dirSynced).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('y');
  });

  it('writes JSON with 2-space indentation and a trailing newline by default', async () => {
    const path = join(scratchDir(), 'doc.json');
    await writeJson(path, { a: [1] });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    await writeJson(path, { a: [1] }, { space: 0 });
    expect(readFileSync(path, 'utf8')).toBe('{"a":[1]}\n');
  });

  it('writes through a symlink: the link stays, the file it points to is replaced', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'real.json'), 'old');
    chmodSync(join(dir, 'real.json'), 0o644);
    symlinkSync('real.json', join(dir, 'link.json'));
    await writeFile(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(modeOf(join(dir, 'real.json'))).toBe(0o644);
  });

  it('creates the file a dangling symlink points to', async () => {
    const dir = scratchDir();
    symlinkSync('later.json', join(dir, 'link.json'));
    await writeFile(join(dir, 'link.json'), 'made');
    expect(readFileSync(join(dir, 'later.json'), 'utf8')).toBe('made');
    expect(modeOf(join(dir, 'later.json'))).toBe(0o600);
  });

  it('leaves no temp file behind after a successful write', async () => {
    const dir = scratchDir();
    for (let i = 0; i < 5; i++) await writeJson(join(dir, 'doc.json'), { i });
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });

  it('rejects a mode that is not a permission number', async () => {
    const path = join(scratchDir(), 'a.json');
    await expect(async () => writeFile(path, 'x', { mode: 0o10000 })).rejects.toThrow(
      /atomic-write: expected mode/,
    );
    await expect(async () => writeFile(path, 'x', { mode: 1.5 })).rejects.toThrow(TypeError);
  });
});

describe('writeFileAtomic in one process', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('applies concurrent writes to one path in call order, even when the first is slow', async () => {
    const path = join(scratchDir(), 'doc.json');
    // The first write's data step waits until the second write has finished, if the second
    // one has started meanwhile: unqueued, the first write would land last and win.
    let started = 0;
    const lstat = fs.lstat;
    vi.spyOn(fs, 'lstat').mockImplementation(((...args: Parameters<typeof fs.lstat>) => {
      started += 1;
      return lstat(...args);
    }) as typeof fs.lstat);
    let second: Promise<unknown> = Promise.resolve();
    const write = fs.write;
    vi.spyOn(fs, 'write').mockImplementation(((...args: unknown[]) => {
      const buf = args[1] as Buffer;
      const go = () => (write as (...a: unknown[]) => void)(...args);
      if (buf.toString() === 'first' && started > 1) void second.finally(go);
      else go();
    }) as never);
    const first = writeFileAtomic(path, 'first');
    second = writeFileAtomic(path, 'second');
    await Promise.all([first, second]);
    expect(readFileSync(path, 'utf8')).toBe('second');
  });

  it('keeps writing to a path after a write to it failed on the file system', async () => {
    const dir = scratchDir();
    const path = join(dir, 'doc.json');
    writeFileSync(path, 'old');
    vi.spyOn(fs, 'rename').mockImplementationOnce(((_from: string, _to: string, cb: (err: Error) => void) =>
      process.nextTick(cb, Object.assign(new Error('EIO: simulated, rename'), { code: 'EIO' }))) as never);
    const failing = writeFileAtomic(path, 'lost');
    const ok = writeFileAtomic(path, 'fine'); // queued behind the failing one
    await expect(failing).rejects.toMatchObject({ code: 'EATOMICWRITE', step: 'rename' });
    await expect(ok).resolves.toMatchObject({ path, bytes: 4 });
    expect(readFileSync(path, 'utf8')).toBe('fine');
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });
});
