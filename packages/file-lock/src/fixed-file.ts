import { closeSync, constants, openSync, writeSync } from 'node:fs';

/** Room for every record this package writes in place (owner.json, the token file). */
export const RECORD_BYTES = 512;

/** Open for writing, create when missing, never truncate: one syscall either way. */
const REUSE_OR_CREATE = constants.O_WRONLY | constants.O_CREAT;

/**
 * Writes `text` padded with spaces to a fixed size at offset 0, reusing the
 * file when it exists. No temp file, no rename, no truncation: on file systems
 * where creating and deleting inodes is slow (journal commits) this keeps a
 * lock/unlock cycle to cheap in-place writes and renames. JSON readers ignore
 * the trailing spaces.
 */
export function writeFixed(path: string, text: string): void {
  const buf = Buffer.alloc(RECORD_BYTES, 0x20);
  const used = buf.write(text, 'utf8');
  if (used >= RECORD_BYTES)
    throw new RangeError(`file-lock: record for ${path} exceeds ${RECORD_BYTES} bytes`);
  const fd = openSync(path, REUSE_OR_CREATE, 0o644);
  try {
    writeSync(fd, buf, 0, RECORD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
}
