import { readJson } from '@steadystate/atomic-write';
import type { MetaUpdate } from './backend.js';
import { removeFile } from './json-files.js';
import { applyMetaUpdate, type MetaRecord } from './meta-update.js';
import type { JsonValue } from './types.js';

/** A JSON backend's side record file: `{ key, value }` (the key, as hashed file names lose it). */
interface MetaFile {
  key: string;
  value: JsonValue;
}

/** The side record in `path` (undefined when there is none). */
export async function readMetaFile(path: string): Promise<MetaRecord | undefined> {
  const file = await readJson<MetaFile>(path);
  return file && { value: file.value, text: JSON.stringify(file.value) };
}

/**
 * `updateMeta` of the side record `key` kept in `path`; the caller holds the namespace lock.
 * `write` replaces a file atomically; a removed record's file is deleted.
 */
export async function updateMetaFile(
  path: string,
  key: string,
  update: MetaUpdate,
  write: (path: string, file: MetaFile) => Promise<void>,
): Promise<JsonValue | undefined> {
  const change = applyMetaUpdate(update, await readMetaFile(path));
  if (!change.changed) return change.value;
  if (change.value === undefined) await removeFile(path);
  else await write(path, { key, value: change.value });
  return change.value;
}
