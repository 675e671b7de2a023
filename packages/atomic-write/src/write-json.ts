import { NotJsonError } from './not-json-error.js';
import { type JsonWriteOptions, resolveSpace, type WriteResult } from './options.js';
import { writeFileAtomic } from './write-file.js';
import { writeFileAtomicSync } from './write-file-sync.js';

/** `JSON.stringify(value, null, space)` plus a trailing newline, written with `writeFileAtomic`. */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  opts?: JsonWriteOptions,
): Promise<WriteResult> {
  return writeFileAtomic(path, toJsonText(path, value, opts), opts);
}

/** The synchronous twin of `writeJsonAtomic`. */
export function writeJsonAtomicSync(path: string, value: unknown, opts?: JsonWriteOptions): WriteResult {
  return writeFileAtomicSync(path, toJsonText(path, value, opts), opts);
}

function toJsonText(path: string, value: unknown, opts: JsonWriteOptions | undefined): string {
  const space = resolveSpace(opts);
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, space);
  } catch (cause) {
    throw new NotJsonError(path, {
      cause,
      found: `a value JSON.stringify rejects (${(cause as Error).message})`,
    });
  }
  if (text === undefined)
    throw new NotJsonError(path, { found: `${typeof value} (JSON has no text for it)` });
  return `${text}\n`;
}
