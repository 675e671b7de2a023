import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * File names for names and keys: `[a-z0-9_-]` kept, every other UTF-8 byte
 * written `%XX` (so `A` and `a` differ on case-insensitive file systems and no
 * name can collide with another's suffix); names whose encoding passes 200
 * characters become `~<sha256>` and the file holds the real name.
 */
export function fileName(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[a-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out.length <= 200 ? out : `~${createHash('sha256').update(name).digest('hex')}`;
}

/** The name back from `fileName`'s output; undefined for a hashed one (read it from the file). */
export function nameOf(file: string): string | undefined {
  if (file.startsWith('~')) return undefined;
  return Buffer.from(
    file.replace(/%([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

/** Files in a folder ending with `suffix` (without it); [] when the folder is missing. */
export async function listFiles(dir: string, suffix: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((f) => f.endsWith(suffix) && !f.startsWith('.'))
      .map((f) => f.slice(0, -suffix.length));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Runs `fn` over `items` with at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The bytes of a file; undefined when missing. */
export async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

export const blobPath = (root: string, hash: string) => join(root, 'blobs', hash.slice(0, 2), hash);
