/**
 * Temp files are named `.<target name>.<pid>-<seq>-<random>.steadystate-tmp`
 * (numbers in base 36, random = 8 hex digits drawn once per module instance), in
 * the target's folder so the rename stays on one file system. The leading dot
 * hides them from `ls`; the fixed shape and suffix make them recognisable without
 * guessing, unlike write-file-atomic's `<target>.<number>`, which an ordinary
 * `app.log.1` also matches.
 */
const SUFFIX = '.steadystate-tmp';
// also the `<pid>-<thread>-<seq>-<random>` names of earlier versions, so a sweep still finds them
const PATTERN = /^\..+\.[0-9a-z]+(?:-[0-9a-z]+)?-[0-9a-z]+-[0-9a-f]{8}\.steadystate-tmp$/s;
/** Keep the temp name within NAME_MAX (255 bytes) for long target names. */
const MAX_BASE_BYTES = 150;

// Math.random, not node:crypto: loading crypto costs a short-lived CLI ~2 ms, and these
// digits only need to differ between processes (Node seeds each isolate's Math.random from
// the OS entropy source); a clash is caught by the exclusive create and retried anyway.
// Each worker thread loads its own module instance, so its own digits: no thread id in the
// name (node:worker_threads, only for `threadId`, cost a short-lived CLI about 2 ms).
const instance = Math.floor(Math.random() * 0x1_0000_0000)
  .toString(16)
  .padStart(8, '0');
const owner = process.pid.toString(36);
let seq = 0;

/** A fresh temp file name (not a path) for a target file name. */
export function tempNameFor(targetName: string): string {
  seq += 1;
  return `.${shorten(targetName)}.${owner}-${seq.toString(36)}-${instance}${SUFFIX}`;
}

/** True for names this package's writers create as temp files. */
export function isTempFile(name: string): boolean {
  return name.endsWith(SUFFIX) && PATTERN.test(name);
}

function shorten(name: string): string {
  if (Buffer.byteLength(name) <= MAX_BASE_BYTES) return name;
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    bytes += Buffer.byteLength(ch);
    if (bytes > MAX_BASE_BYTES) break;
    out += ch;
  }
  return out;
}

/** The cause when a write kept meeting a symlink or a clashing temp name. */
export function tooManyRetries(last: 'symlink' | 'exists'): NodeJS.ErrnoException {
  return last === 'symlink'
    ? Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' })
    : Object.assign(new Error('every temp name tried already existed'), { code: 'EEXIST' });
}
