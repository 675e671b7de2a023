import type { Backend, EntryWrite, SnapshotEncoder } from './backend.js';
import type { CheckpointRequest } from './checkpoint-request.js';
import { defaultCheckpointName } from './default-checkpoint-name.js';
import type { CheckpointInfo } from './types.js';

/** What writing a checkpoint needs from the manager that writes it. */
export interface CheckpointTarget {
  backend: Backend;
  namespace: string;
  /** The checkpoint's time (`createdAt`, and its default name). */
  now: number;
  encode: SnapshotEncoder;
  /** The manager's wrapper of backend calls (its errors become BackendError). */
  call<T>(operation: string, op: () => Promise<T>): Promise<T>;
}

/**
 * Writes the checkpoint `request` asks for, with its notes, under the default name
 * (`cp-<ISO time>`, see `defaultCheckpointName`) when it names none; after `write`, in the
 * same backend operation, when given (`revision` 0 without). A default name is written with
 * `suffixIfTaken`: the backend picks `-2`, `-3`, ... atomically with the write when another
 * manager took the name, so the checkpoint returned may carry such a suffix. Returns the key's
 * new revision and the checkpoint.
 */
export async function writeCheckpoint(
  { backend, namespace: ns, now, encode, call }: CheckpointTarget,
  request: CheckpointRequest,
  write?: EntryWrite,
): Promise<{ revision: number; info: CheckpointInfo }> {
  const named = request.name !== undefined;
  const name = request.name ?? defaultCheckpointName(now);
  const cp = { name, createdAt: now, notes: request.notes, ...(named ? {} : { suffixIfTaken: true }) };
  if (write) {
    return call(`save "${write.key}" and checkpoint "${name}"`, () =>
      backend.saveAndSnapshot(ns, write, cp, encode),
    );
  }
  return call(`checkpoint "${name}"`, async () => ({
    revision: 0,
    info: await backend.snapshot(ns, cp, encode),
  }));
}
