import fs, { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import type { WriteOptions } from './options.js';
import { isTempFile } from './temp-name.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';

type Callback = (err: NodeJS.ErrnoException | null, value?: unknown) => void;

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Records what each write fsyncs, by what was opened as the fd: 'temp' (the new
 * content, before the rename) or 'dir' (the folder, after it).
 */
function watchFsync(dir: string) {
  const opened = new Map<number, string>();
  const synced: string[] = [];
  const what = (path: string) => (path === dir ? 'dir' : isTempFile(basename(path)) ? 'temp' : path);
  const open = fs.open;
  vi.spyOn(fs, 'open').mockImplementation(((path: string, flags: number, mode: number, cb: Callback) =>
    open(path, flags, mode, (err, fd) => {
      if (!err) opened.set(fd, what(path));
      cb(err, fd);
    })) as never);
  const openSync = fs.openSync;
  vi.spyOn(fs, 'openSync').mockImplementation(((path: string, flags: number, mode?: number) => {
    const fd = openSync(path, flags, mode);
    opened.set(fd, what(path));
    return fd;
  }) as never);
  const fsync = fs.fsync;
  vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, cb: Callback) => {
    synced.push(opened.get(fd) ?? 'unknown');
    fsync(fd, cb);
  }) as never);
  const fsyncSync = fs.fsyncSync;
  vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
    synced.push(opened.get(fd) ?? 'unknown');
    fsyncSync(fd);
  });
  return synced;
}

const twins = [
  { name: 'writeFileAtomic', write: (p: string, d: string, o?: WriteOptions) => writeFileAtomic(p, d, o) },
  {
    name: 'writeFileAtomicSync',
    write: async (p: string, d: string, o?: WriteOptions) => writeFileAtomicSync(p, d, o),
  },
];

describe.each(twins)('$name and its fsync options', ({ write }) => {
  it.each([
    ['by default', undefined, ['temp', 'dir']],
    ['with fsync: false', { fsync: false }, ['dir']],
    ['with fsyncDir: false', { fsyncDir: false }, ['temp']],
    ['with both off', { fsync: false, fsyncDir: false }, []],
  ] as const)('fsyncs what is asked %s', async (_, opts, expected) => {
    const dir = scratchDir();
    const path = join(dir, 'doc.json');
    const synced = watchFsync(dir);
    await write(path, 'new', opts);
    expect(synced).toEqual(expected);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});
