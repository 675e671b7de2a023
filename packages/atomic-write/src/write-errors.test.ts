import fs, { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { AtomicWriteError } from './atomic-write-error.js';
import type { WriteOptions, WriteResult } from './options.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';

type Callback = (err: NodeJS.ErrnoException | null, value?: unknown) => void;
const fsError = (code: string, syscall: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });

/** A folder holding doc.json with content "old", and a check that nothing else changed. */
function withOldFile() {
  const dir = scratchDir();
  const path = join(dir, 'doc.json');
  writeFileSync(path, 'old');
  const assertIntact = () => {
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['doc.json']); // no temp file left behind
  };
  return { dir, path, assertIntact };
}

async function failure(p: Promise<unknown>): Promise<AtomicWriteError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AtomicWriteError);
  return err as AtomicWriteError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const twins = [
  {
    name: 'writeFileAtomic',
    write: (p: string, d: string, o?: WriteOptions) => writeFileAtomic(p, d, o),
    sync: false,
  },
  {
    name: 'writeFileAtomicSync',
    write: async (p: string, d: string, o?: WriteOptions): Promise<WriteResult> =>
      writeFileAtomicSync(p, d, o),
    sync: true,
  },
];

describe.each(twins)('$name when the file system fails', ({ write, sync }) => {
  it('read-only folder: EATOMICWRITE naming the path, old file intact, no temp file', async (ctx) => {
    const { dir, path, assertIntact } = withOldFile();
    chmodSync(dir, 0o555);
    try {
      const probe = join(dir, 'probe');
      let writable = false;
      try {
        writeFileSync(probe, '');
        rmSync(probe);
        writable = true;
      } catch {}
      if (writable)
        ctx.skip('running as root (or with CAP_DAC_OVERRIDE): chmod 0555 does not stop writes here');
      const err = await failure(write(path, 'new'));
      expect(err).toMatchObject({ code: 'EATOMICWRITE', path, step: 'open', replaced: false });
      expect((err.cause as NodeJS.ErrnoException).code).toBe('EACCES');
      expect(err.message).toMatch(
        /^atomic-write: expected to replace .*doc\.json atomically, found open failing/,
      );
    } finally {
      chmodSync(dir, 0o755);
    }
    assertIntact();
  });

  it('parent is a file (ENOTDIR): EATOMICWRITE naming the path, the file is untouched', async () => {
    const { dir, assertIntact } = withOldFile();
    const path = join(dir, 'doc.json', 'inner.json');
    const err = await failure(write(path, 'new'));
    expect(err).toMatchObject({ code: 'EATOMICWRITE', path, step: 'stat' });
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    expect(err.message).toContain(path);
    assertIntact();
  });

  it('rename refused (target is a folder): the written temp file is removed', async () => {
    const dir = scratchDir();
    const path = join(dir, 'doc.json');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    const err = await failure(write(path, 'new'));
    expect(err).toMatchObject({ code: 'EATOMICWRITE', path, step: 'rename' });
    expect(readdirSync(dir)).toEqual(['doc.json']);
    expect(readdirSync(path)).toEqual(['keep']);
  });

  it('disk full (ENOSPC) after a partial write: old file intact, no temp file, path in the message', async () => {
    const { path, assertIntact } = withOldFile();
    if (sync) {
      const real = fs.writeSync;
      let calls = 0;
      vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, off: number, len: number) => {
        calls += 1;
        if (calls === 1) return real(fd, buf, off, Math.ceil(len / 2));
        throw fsError('ENOSPC', 'write');
      }) as never);
    } else {
      const real = fs.write;
      let calls = 0;
      vi.spyOn(fs, 'write').mockImplementation(((...args: unknown[]) => {
        const [fd, buf, off, len, pos, cb] = args as [number, Buffer, number, number, null, Callback];
        calls += 1;
        if (calls === 1) return real(fd, buf, off, Math.ceil(len / 2), pos, cb);
        process.nextTick(cb, fsError('ENOSPC', 'write'));
      }) as never);
    }
    const err = await failure(write(path, 'new content that does not fit'));
    expect(err).toMatchObject({ code: 'EATOMICWRITE', path, step: 'write', replaced: false });
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(err.message).toBe(
      `atomic-write: expected to replace ${path} atomically, found write failing with ENOSPC (ENOSPC: simulated, write); ${path} was left unchanged`,
    );
    assertIntact();
  });

  it('fsync of the file fails (EIO): old file intact, no temp file', async () => {
    const { path, assertIntact } = withOldFile();
    if (sync)
      vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
        throw fsError('EIO', 'fsync');
      });
    else
      vi.spyOn(fs, 'fsync').mockImplementationOnce(((_fd: number, cb: Callback) =>
        process.nextTick(cb, fsError('EIO', 'fsync'))) as never);
    const err = await failure(write(path, 'new'));
    expect(err).toMatchObject({ step: 'fsync', replaced: false });
    assertIntact();
  });
});

describe.each(twins)('$name and the directory fsync', ({ write, sync }) => {
  /** Lets the first fsync (the temp file) through and fails the second (the folder) with `code`. */
  function failDirFsync(code: string) {
    if (sync) {
      const real = fs.fsyncSync;
      vi.spyOn(fs, 'fsyncSync')
        .mockImplementationOnce((fd) => real(fd))
        .mockImplementationOnce(() => {
          throw fsError(code, 'fsync');
        });
    } else {
      const real = fs.fsync;
      vi.spyOn(fs, 'fsync')
        .mockImplementationOnce(((fd: number, cb: Callback) => real(fd, cb)) as never)
        .mockImplementationOnce(((_fd: number, cb: Callback) =>
          process.nextTick(cb, fsError(code, 'fsync'))) as never);
    }
  }

  it('reports dirSynced: false when the platform cannot fsync a directory (EINVAL)', async () => {
    const { path } = withOldFile();
    failDirFsync('EINVAL');
    expect(await write(path, 'new')).toEqual({ path, bytes: 3, dirSynced: false });
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('reports dirSynced: false when a directory cannot even be opened (EISDIR, as on Windows)', async () => {
    const { dir, path } = withOldFile();
    if (sync) {
      const real = fs.openSync;
      vi.spyOn(fs, 'openSync').mockImplementation(((p: string, ...rest: [number, number]) => {
        if (p === dir) throw fsError('EISDIR', 'open');
        return real(p, ...rest);
      }) as never);
    } else {
      const real = fs.open;
      vi.spyOn(fs, 'open').mockImplementation(((p: string, flags: number, mode: number, cb: Callback) => {
        if (p === dir) return process.nextTick(cb, fsError('EISDIR', 'open'));
        return real(p, flags, mode, cb);
      }) as never);
    }
    expect(await write(path, 'new')).toEqual({ path, bytes: 3, dirSynced: false });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });

  it('throws on a real I/O error of the directory fsync, saying the new content is in place', async () => {
    const { dir, path } = withOldFile();
    failDirFsync('EIO');
    const err = await failure(write(path, 'new'));
    expect(err).toMatchObject({ step: 'fsync-dir', replaced: true });
    expect(err.message).toMatch(/new content is in place but its directory entry may not be durable$/);
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });
});
