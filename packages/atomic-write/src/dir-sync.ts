/**
 * Error codes meaning "this platform or file system cannot open or fsync a
 * directory" (Windows: EISDIR/EPERM; some file systems: EINVAL/ENOTSUP; a folder
 * without read permission: EACCES). These turn into `dirSynced: false`; any
 * other error (EIO, ...) is a real durability failure and is thrown.
 */
const CANNOT_SYNC_DIR = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EACCES']);

export function cannotSyncDir(err: unknown): boolean {
  return CANNOT_SYNC_DIR.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}
