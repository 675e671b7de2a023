import { encodeValue, loadNodes } from './content-tree.js';
import { BackendError } from './errors.js';
import type { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

/** Options of `copyNamespace`. */
export interface CopyOptions {
  /** Copy the checkpoints too (same names, times, pins, notes and content hashes). @default true */
  checkpoints?: boolean;
  /**
   * Told how far the copy is, once per checkpoint and once per key: `total` is the
   * number of checkpoints to copy (0 with `checkpoints: false`) plus the number of
   * keys, and `done` goes up by one per call, from 1 to `total`. A checkpoint counts
   * once it is copied and verified, a key once it is read from the source; the last
   * call (`done === total`) comes only after all keys are written and verified, so it
   * means the copy is complete. An empty namespace gets one call, `(0, 0)`.
   * Called synchronously; keep it cheap (a progress bar throttles its own drawing).
   * @default undefined
   */
  onProgress?: (done: number, total: number) => void;
}

function mismatch(what: string): never {
  throw new BackendError('copy', `verify ${what}`, {
    cause: new Error('content hashes differ after the copy'),
  });
}

/**
 * Copies a namespace to another manager (any backends): every checkpoint (with its
 * pin and notes) and its blobs (verified: the target's manifest and every blob must hash the
 * same), then all keys in one atomic `replaceAll` (verified: the target's values
 * encode to the source's root hashes). Copy a namespace nobody writes to meanwhile:
 * the source's keys are read one by one.
 *
 * `verified` is always `true`: it is there for output that reports it (the CLI's `--json`).
 * A copy that fails a check never returns; it throws a `BackendError` (backend `copy`,
 * operation `verify ...`), and the target may then hold part of the copy.
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
  const keys = await from.keys();
  const total = cps.length + keys.length;
  // one step per checkpoint and per key; the last step is reported only once everything is verified
  let step = 0;
  const advance = () => {
    step++;
    if (step < total) opts.onProgress?.(step, total);
  };
  let copied = 0;
  for (const cp of cps) {
    const manifest = await src.getManifest(from.namespace, cp.name);
    if (!manifest) {
      advance(); // deleted meanwhile: nothing to copy, but the step is done
      continue;
    }
    const nodes = await loadNodes(Object.values(manifest), getSrc);
    const bytes = await getSrc([...nodes.keys()]);
    const encoded = async () => ({ manifest, blobs: [...bytes], bytes: cp.bytes });
    await dst.snapshot(to.namespace, cp, encoded);
    if (cp.pinned) await dst.setPinned(to.namespace, cp.name, true);
    const copiedManifest = await dst.getManifest(to.namespace, cp.name);
    const names = Object.keys(manifest);
    if (
      !copiedManifest ||
      Object.keys(copiedManifest).length !== names.length ||
      names.some((k) => copiedManifest[k] !== manifest[k])
    ) {
      mismatch(`checkpoint "${cp.name}"`);
    }
    await loadNodes(Object.values(copiedManifest), (h) => dst.getBlobs(to.namespace, h)); // re-hashes every blob
    copied++;
    advance();
  }
  const values = new Map<string, JsonValue>();
  for (const key of keys) {
    const e = await from.get(key);
    if (e) values.set(key, e.value); // else deleted meanwhile
    advance();
  }
  await dst.replaceAll(to.namespace, values, to.clock.now());
  for (const [key, value] of values) {
    const e = await to.get(key);
    if (!e || encodeValue(e.value).root !== encodeValue(value).root) mismatch(`key "${key}"`);
  }
  if ((await to.keys()).length !== values.size) mismatch('key list');
  opts.onProgress?.(total, total);
  return { keys: values.size, checkpoints: copied, verified: true };
}
