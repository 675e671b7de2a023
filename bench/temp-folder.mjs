// What the OS temp folder (where every benchmark keeps its files) is stored on: fsync
// costs nothing on tmpfs and reaches the device on a disk file system, so the figures of
// the scripts that fsync depend on it. Each of those scripts states it next to its figures.
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

// f_type values from Linux's magic.h; anything else is named by its number
const KINDS = new Map([
  [0x01021994, 'tmpfs (in memory: fsync costs nothing)'],
  [0x858458f6, 'ramfs (in memory: fsync costs nothing)'],
  [0xef53, 'ext4 (a disk file system: fsync waits for the device)'],
  [0x58465342, 'xfs (a disk file system: fsync waits for the device)'],
  [0x9123683e, 'btrfs (a disk file system: fsync waits for the device)'],
  [0x794c7630, 'overlayfs (over a disk file system: fsync waits for the device)'],
]);

/** "the OS temp folder is on ext4 (a disk: ...)", or what could be told on this platform. */
export function tempFolderNote() {
  try {
    const { type } = statfsSync(tmpdir());
    const kind = KINDS.get(type) ?? `a file system of type 0x${type.toString(16)}`;
    return `the OS temp folder, where the files live, is on ${kind}`;
  } catch {
    return 'the files live in the OS temp folder (its file system could not be told)';
  }
}
