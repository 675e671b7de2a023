import fs from 'node:fs';
import { CorruptFileError } from './corrupt-file-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads and parses a JSON file. Returns `undefined` only when the file does not
 * exist (ENOENT); an empty, torn or otherwise invalid file throws
 * `CorruptFileError` (code `ECORRUPT`) with the path. Other read errors (EACCES,
 * EISDIR, ...) are thrown as they come from `fs`.
 */
export async function readJson<T = unknown>(path: string): Promise<T | undefined> {
  let bytes: Buffer;
  try {
    // the callback API: fs.promises would load node:fs/promises (about 1.5 ms of a CLI's start)
    bytes = await new Promise<Buffer>((resolve, reject) =>
      fs.readFile(path, (err, data) => (err ? reject(err) : resolve(data))),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseJson<T>(path, bytes);
}

/** The synchronous twin of `readJson`. */
export function readJsonSync<T = unknown>(path: string): T | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseJson<T>(path, bytes);
}

function parseJson<T>(path: string, bytes: Buffer): T {
  if (bytes.length === 0) throw new CorruptFileError(path, { reason: 'empty', bytes: 0 });
  let text: string;
  try {
    text = utf8.decode(bytes); // also drops a leading BOM
  } catch (cause) {
    throw new CorruptFileError(path, { cause, reason: 'invalid-utf8', bytes: bytes.length });
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new CorruptFileError(path, { cause, reason: 'invalid-json', bytes: bytes.length });
  }
}
