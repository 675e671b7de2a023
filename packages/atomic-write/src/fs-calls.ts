import fs from 'node:fs';

/**
 * Promise wrappers over the callback `fs` API. They are a little cheaper than
 * `fs/promises` FileHandles (no handle object, no close tracking) and look the
 * function up on the `fs` module at call time, so a test can fail one step
 * (ENOSPC, EIO) with a spy.
 */
function call<T>(run: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    run((err, value) => (err ? reject(err) : resolve(value as T)));
  });
}

export const openFd = (path: string, flags: number, mode?: number): Promise<number> =>
  call((done) => fs.open(path, flags, mode, done));

export const writeSome = (fd: number, buf: Uint8Array, offset: number, length: number): Promise<number> =>
  call((done) => fs.write(fd, buf, offset, length, null, done));

export const fchmodFd = (fd: number, mode: number): Promise<void> =>
  call((done) => fs.fchmod(fd, mode, done));

export const fstatFd = (fd: number): Promise<fs.Stats> => call((done) => fs.fstat(fd, done));

export const fchownFd = (fd: number, uid: number, gid: number): Promise<void> =>
  call((done) => fs.fchown(fd, uid, gid, done));

export const fsyncFd = (fd: number): Promise<void> => call((done) => fs.fsync(fd, done));

export const closeFd = (fd: number): Promise<void> => call((done) => fs.close(fd, done));

export const lstatPath = (path: string): Promise<fs.Stats> => call((done) => fs.lstat(path, done));

export const renamePath = (from: string, to: string): Promise<void> =>
  call((done) => fs.rename(from, to, done));

export const unlinkPath = (path: string): Promise<void> => call((done) => fs.unlink(path, done));

export const readlinkOf = (path: string): Promise<string> => call((done) => fs.readlink(path, done));

/** Flags of a new temp file: never follow or clobber an existing name. */
export const TEMP_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;
/** Flags of a directory opened only to fsync it. */
export const DIR_FLAGS = fs.constants.O_RDONLY;
