import { encodeValue, loadNodes } from './content-tree.js';
import { BackendError } from './errors.js';
import type { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

/** Options of `copyNamespace`. */
export interface CopyOptions {
  /** Copy the checkpoints too (same names, times, pins and content hashes). @default true */
  checkpoints?: boolean;
  /** Told after each copied checkpoint and after the keys. @default undefined */
  onProgress?: (done: number, total: number) => void;
}

function mismatch(what: string): never {
  throw new BackendError('copy', `verify ${what}`, {
    cause: new Error('content hashes differ after the copy'),
  });
}

/**
 * Copies a namespace to another manager (any backends): every checkpoint with
 * its blobs (verified: the target's manifest and every blob must hash the
 * same), then all keys in one atomic `replaceAll` (verified: the target's values
 * encode to the source's root hashes). Copy a namespace nobody writes to meanwhile:
 * the source's keys are read one by one.
 */
export async function copyNamespace(
  from: StateManager,
  to: StateManager,
  opts: CopyOptions = {},
): Promise<{ keys: number; checkpoints: number; verified: true }> {
  const src = from.backend;
  const dst = to.backend;
  const getSrc = (h: string[]) => src.getBlobs(from.namespace, h);
  const cps = opts.checkpoints === false ? [] : await from.listCheckpoints();
  const total = cps.length + 1;
  let done = 0;
  for (const cp of cps) {
    const manifest = await src.getManifest(from.namespace, cp.name);
    if (!manifest) continue; // deleted meanwhile
    const nodes = await loadNodes(Object.values(manifest), getSrc);
    const bytes = await getSrc([...nodes.keys()]);
    await dst.snapshot(to.namespace, cp.name, cp.createdAt, async () => ({
      manifest,
      blobs: [...bytes],
      bytes: cp.bytes,
    }));
    if (cp.pinned) await dst.setPinned(to.namespace, cp.name, true);
    const copied = await dst.getManifest(to.namespace, cp.name);
    const keys = Object.keys(manifest);
    if (
      !copied ||
      Object.keys(copied).length !== keys.length ||
      keys.some((k) => copied[k] !== manifest[k])
    ) {
      mismatch(`checkpoint "${cp.name}"`);
    }
    await loadNodes(Object.values(copied), (h) => dst.getBlobs(to.namespace, h)); // re-hashes every blob
    done++;
    opts.onProgress?.(done, total);
  }
  const values = new Map<string, JsonValue>();
  for (const key of await from.keys()) {
    const e = await from.get(key);
    if (e) values.set(key, e.value);
  }
  await dst.replaceAll(to.namespace, values, to.clock.now());
  for (const [key, value] of values) {
    const e = await to.get(key);
    if (!e || encodeValue(e.value).root !== encodeValue(value).root) mismatch(`key "${key}"`);
  }
  if ((await to.keys()).length !== values.size) mismatch('key list');
  opts.onProgress?.(done + 1, total);
  return { keys: values.size, checkpoints: done, verified: true };
}
