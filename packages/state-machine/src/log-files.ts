import { type FileHandle, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { EventLogCorruptError } from './errors.js';
import { type ChainHead, GENESIS, hashLine, parseLine } from './log-line.js';

/** `<path>.1` is the newest rotated file, `<path>.<keep>` the oldest. */
export function rotatedPath(path: string, n: number): string {
  return `${path}.${n}`;
}

/** Sidecar recording the chain head, so losing whole lines at the end is detected. */
export function headPath(path: string): string {
  return `${path}.head`;
}

/** Every existing file of the log, oldest first (rotated files, then the live one). */
export async function logFiles(path: string, keep: number): Promise<string[]> {
  const candidates = [...Array.from({ length: keep }, (_, i) => rotatedPath(path, keep - i)), path];
  const present = await Promise.all(
    candidates.map((p) => size(p).then((s) => (s === undefined ? undefined : p))),
  );
  return present.filter((p): p is string => p !== undefined);
}

/** Size of a file, `undefined` when it does not exist. */
export async function size(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The recorded chain head, `undefined` when there is none (or it is unreadable). */
export async function readHead(path: string): Promise<ChainHead | undefined> {
  try {
    const head = JSON.parse(await readFile(headPath(path), 'utf8')) as Partial<ChainHead>;
    if (Number.isSafeInteger(head.seq) && typeof head.hash === 'string') return head as ChainHead;
    return undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the head sidecar (temp file + rename, so a reader never sees half of it). */
export async function writeHead(path: string, head: ChainHead): Promise<void> {
  const tmp = `${headPath(path)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(head)}\n`);
  await rename(tmp, headPath(path));
}

/**
 * Where the next line continues the chain: the last line of the live file; when it is missing
 * or empty (just after a rotation), the recorded head, or without a head the last line of the
 * newest rotated file (`<path>.1`), so the chain never restarts while rotated files remain.
 * A file ending in a torn or unreadable line is refused.
 */
export async function readTail(path: string): Promise<ChainHead> {
  const live = await lastLine(path);
  if (live !== undefined) return live;
  return (await readHead(path)) ?? (await lastLine(rotatedPath(path, 1))) ?? { seq: 0, hash: GENESIS };
}

/** The chain position of a file's last line, `undefined` when the file is missing or empty. */
async function lastLine(path: string): Promise<ChainHead | undefined> {
  const fileSize = await size(path);
  if (fileSize === undefined || fileSize === 0) return undefined;
  const handle = await open(path, 'r');
  try {
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, fileSize - chunk);
      const buffer = Buffer.alloc(fileSize - start);
      await handle.read(buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8');
      if (!text.endsWith('\n')) {
        const line = (await countNewlines(path)) + 1;
        throw new EventLogCorruptError(
          path,
          line,
          'a last line without a newline (a torn append; repair() cuts it off)',
        );
      }
      const body = text.slice(0, -1);
      const cut = body.lastIndexOf('\n');
      if (cut === -1 && start > 0) {
        chunk *= 4;
        continue;
      }
      const last = body.slice(cut + 1);
      const parsed = parseLine(last);
      if (typeof parsed === 'string') {
        throw new EventLogCorruptError(path, await countNewlines(path), `a last line with ${parsed}`);
      }
      return { seq: parsed.seq, hash: hashLine(last) };
    }
  } finally {
    await handle.close();
  }
}

/** What {@link cutTornTail} cut off the live file. */
export interface TornTail {
  /** 1-based line number the torn line had. */
  line: number;
  /** Its bytes, now kept in `savedTo`. */
  bytes: number;
  savedTo: string;
}

/** What `EventLog.repair()` did: nothing (the log ends with a whole line), or cut a torn line. */
export type RepairResult = { repaired: false } | ({ repaired: true } & TornTail);

/**
 * Cuts a last line without a newline off the live file (what a writer killed in the middle of
 * an append leaves: its append never returned, and no line continues the chain from it),
 * keeping its bytes in `<path>.torn-<time>`; then fsyncs the file. Whole lines are never
 * touched. Undefined when the file is missing, empty or ends with a newline. Run under the lock.
 */
export async function cutTornTail(path: string, at: Date): Promise<TornTail | undefined> {
  const fileSize = await size(path);
  if (fileSize === undefined || fileSize === 0) return undefined;
  const handle = await open(path, 'r+');
  try {
    const cut = await afterLastNewline(handle, fileSize);
    if (cut === fileSize) return undefined; // ends with a whole line
    const torn = Buffer.alloc(fileSize - cut);
    await handle.read(torn, 0, torn.length, cut);
    const savedTo = `${path}.torn-${at.toISOString().replace(/[:.]/g, '-')}`;
    await writeFile(savedTo, torn, { flush: true });
    await handle.truncate(cut);
    await handle.sync();
    // the torn line holds no newline: it was line (newlines before it) + 1
    return { line: (await countNewlines(path)) + 1, bytes: torn.length, savedTo };
  } finally {
    await handle.close();
  }
}

/** The offset just after the file's last newline (0 when it has none), reading back from the end. */
async function afterLastNewline(handle: FileHandle, fileSize: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = fileSize; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at !== -1) return start + at + 1;
    end = start;
  }
  return 0;
}

async function countNewlines(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let n = 0;
    for (let pos = 0; ; ) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) return n;
      for (let i = chunk.indexOf(0x0a); i !== -1 && i < bytesRead; i = chunk.indexOf(0x0a, i + 1)) n++;
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Shifts `<path>` -> `.1` -> `.2` ..., dropping what falls beyond `keep`. */
export async function rotate(path: string, keep: number): Promise<void> {
  if (keep === 0) {
    await rm(path, { force: true });
    return;
  }
  await rm(rotatedPath(path, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) await renameIfPresent(rotatedPath(path, n), rotatedPath(path, n + 1));
  await renameIfPresent(path, rotatedPath(path, 1));
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
