import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readJson } from '@steadystate/atomic-write';
import { type CheckpointRef, resolveCheckpointRef } from './backend.js';
import { firstFreeNameAsync } from './default-checkpoint-name.js';
import { NotFoundError } from './errors.js';
import { exists, fileName, listFiles, mapLimit, removeFile } from './json-files.js';
import { byAge } from './retention.js';
import type { CheckpointInfo } from './types.js';

/**
 * What `<name>.info.json` holds: the checkpoint's info and the file of its manifest
 * (`<name>.<id>.manifest.json`, a new id per write). Absent in a file written before it
 * existed: the manifest is then `<name>.manifest.json`.
 */
interface InfoFile extends CheckpointInfo {
  manifestFile?: string;
}

/** A manifest file name this backend writes: one path segment, never hidden. */
const MANIFEST_FILE = /^[^./\\][^/\\]*\.manifest\.json$/;

/** How often a reader follows an info file that a writer replaced while it read. */
const READ_ATTEMPTS = 5;

/**
 * A namespace's `checkpoints/` folder of the JSON backend. A checkpoint is its info file
 * (`<name>.info.json`: name, time, keys, bytes, pinned, notes, and which manifest file is its
 * content); the info file is the commit point. A write puts the manifest in a new file first,
 * then replaces the info file (one atomic rename: a crash leaves the old info and content or
 * the new ones, never a mix), then removes the old manifest file. A crash can leave a manifest
 * file no info names; `sweep` removes those. Writes run under the namespace lock; reads do not
 * take it, and follow an info file replaced while they read.
 */
export class CheckpointFiles {
  readonly #dir: string;
  readonly #write: (path: string, value: unknown) => Promise<void>;

  constructor(dir: string, write: (path: string, value: unknown) => Promise<void>) {
    this.#dir = dir;
    this.#write = write;
  }

  #info(name: string) {
    return join(this.#dir, `${fileName(name)}.info.json`);
  }

  /** The manifest file of an info file (one named elsewhere is not followed). */
  #manifestOf(file: InfoFile): string {
    const base = file.manifestFile ?? `${fileName(file.name)}.manifest.json`;
    if (!MANIFEST_FILE.test(base))
      throw new Error(`checkpoint: expected a manifest file name, found "${base}"`);
    return join(this.#dir, base);
  }

  async #readInfo(name: string): Promise<InfoFile | undefined> {
    return readJson<InfoFile>(this.#info(name));
  }

  /** Every checkpoint, oldest first. */
  async list(): Promise<CheckpointInfo[]> {
    const files = await listFiles(this.#dir, '.info.json');
    const infos = await mapLimit(files, 32, (f) => readJson<InfoFile>(join(this.#dir, `${f}.info.json`)));
    return infos
      .filter((i): i is InfoFile => i !== undefined)
      .map(toInfo)
      .sort(byAge);
  }

  /** The manifest of checkpoint `name`; undefined when there is none. */
  async manifest(name: string): Promise<Record<string, string> | undefined> {
    let info = await this.#readInfo(name);
    for (let attempt = 1; info; attempt++) {
      const manifest = await readJson<Record<string, string>>(this.#manifestOf(info));
      if (manifest || attempt >= READ_ATTEMPTS) return manifest;
      // replaced (its old manifest removed) or deleted since the info was read: read it again
      const again = await this.#readInfo(name);
      if (again?.manifestFile === info.manifestFile) return undefined;
      info = again;
    }
    return undefined;
  }

  /** Under the lock: the manifests of every checkpoint (garbage collection's roots). */
  async manifests(): Promise<Array<Record<string, string>>> {
    const files = await listFiles(this.#dir, '.info.json');
    const all = await mapLimit(files, 32, async (f) => {
      const info = await readJson<InfoFile>(join(this.#dir, `${f}.info.json`));
      return info && readJson<Record<string, string>>(this.#manifestOf(info));
    });
    return all.filter((m): m is Record<string, string> => m !== undefined);
  }

  /**
   * Under the lock: writes a checkpoint (see the class) under `name`, or with `suffixIfTaken`
   * under the first free one of `name`, `name-2`, ...; returns the name used.
   */
  async put(
    name: string,
    suffixIfTaken: boolean,
    info: (name: string) => CheckpointInfo,
    manifest: Record<string, string>,
  ): Promise<string> {
    const used = suffixIfTaken ? await firstFreeNameAsync(name, (n) => exists(this.#info(n))) : name;
    const old = suffixIfTaken ? undefined : await this.#readInfo(used);
    const manifestFile = `${fileName(used)}.${randomBytes(6).toString('hex')}.manifest.json`;
    await this.#write(join(this.#dir, manifestFile), manifest);
    await this.#write(this.#info(used), { ...info(used), manifestFile } satisfies InfoFile);
    if (old) await removeFile(this.#manifestOf(old));
    return used;
  }

  /** Under the lock: deletes the checkpoints `refs` name whose `createdAt` (when given) matches. */
  async delete(refs: readonly CheckpointRef[]): Promise<number> {
    let deleted = 0;
    for (const { name, createdAt } of refs.map(resolveCheckpointRef)) {
      const info = await this.#readInfo(name);
      if (!info || (createdAt !== undefined && info.createdAt !== createdAt)) continue;
      await removeFile(this.#info(name));
      await removeFile(this.#manifestOf(info));
      deleted++;
    }
    return deleted;
  }

  /** Under the lock: sets the pinned flag in the info file (its manifest file stays). */
  async setPinned(name: string, pinned: boolean): Promise<void> {
    const info = await this.#readInfo(name);
    if (!info) throw new NotFoundError('checkpoint', name);
    await this.#write(this.#info(name), { ...info, pinned });
  }

  /** Under the lock: removes the manifest files no info file names (left by a crashed write). */
  async sweep(): Promise<void> {
    const files = await listFiles(this.#dir, '.info.json');
    const named = new Set<string>();
    await mapLimit(files, 32, async (f) => {
      const info = await readJson<InfoFile>(join(this.#dir, `${f}.info.json`));
      if (info) named.add(this.#manifestOf(info));
    });
    const manifests = await listFiles(this.#dir, '.manifest.json');
    for (const m of manifests) {
      const path = join(this.#dir, `${m}.manifest.json`);
      if (!named.has(path)) await removeFile(path);
    }
  }
}

/** The info of an info file, without the backend's own field. */
function toInfo({ manifestFile: _, ...info }: InfoFile): CheckpointInfo {
  return info;
}
