import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { copyNamespace } from './copy.js';
import { BackendError } from './errors.js';
import { MemoryBackend } from './memory-backend.js';
import { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

/* copyNamespace checks what the target stored; a target that stores something else fails the copy. */

/** A source namespace with keys a, b (different values) and checkpoint "cp" of both. */
async function source(): Promise<StateManager> {
  const from = await StateManager.open({ backend: 'memory', namespace: 'src' });
  await from.save('a', { n: 1, text: 'x'.repeat(3000) });
  await from.save('b', ['two', 2]);
  await from.checkpoint('cp');
  return from;
}

/** A MemoryBackend target whose `replaceAll` stores `change(entries)` instead of `entries`. */
function lossyReplaceAll(change: (entries: Map<string, JsonValue>) => Map<string, JsonValue>): Backend {
  const target = new MemoryBackend();
  const { replaceAll } = target;
  target.replaceAll = (ns, entries, now) => replaceAll.call(target, ns, change(entries), now);
  return target;
}

/** A MemoryBackend target whose `getManifest` answers `change(manifest)`. */
function lossyManifest(change: (m: Record<string, string>) => Record<string, string> | undefined): Backend {
  const target = new MemoryBackend();
  const { getManifest } = target;
  target.getManifest = async (ns, name) => {
    const m = await getManifest.call(target, ns, name);
    return m && change(m);
  };
  return target;
}

/** Copies source() to `target` and expects the copy's verification error for `operation`. */
async function expectVerifyError(target: Backend, operation: string) {
  const to = await StateManager.open({ backend: target, namespace: 'dst' });
  const error = await copyNamespace(await source(), to).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackendError);
  expect(error).toMatchObject({ code: 'EBACKEND', backend: 'copy', operation });
  expect((error as Error).message).toContain('content hashes differ after the copy');
}

describe('copyNamespace verification', () => {
  it('the same targets without the fault copy fine (the faults below are what fails)', async () => {
    const faithful = [lossyReplaceAll((e) => e), lossyManifest((m) => m)];
    for (const target of faithful) {
      const to = await StateManager.open({ backend: target, namespace: 'dst' });
      expect(await copyNamespace(await source(), to)).toEqual({ keys: 2, checkpoints: 1, verified: true });
      expect(await to.load('b')).toEqual(['two', 2]);
    }
  });

  it('fails when the target loses a key in replaceAll', async () => {
    const target = lossyReplaceAll((e) => new Map([...e].filter(([k]) => k !== 'b')));
    await expectVerifyError(target, 'verify key "b"');
  });

  it('fails when the target stores another value for a key', async () => {
    const target = lossyReplaceAll((e) => new Map([...e].map(([k, v]) => [k, k === 'a' ? { n: 2 } : v])));
    await expectVerifyError(target, 'verify key "a"');
  });

  it('fails when the target keeps a key the source does not have', async () => {
    const target = lossyReplaceAll((e) => new Map([...e, ['stale', 'left over']]));
    await expectVerifyError(target, 'verify key list');
  });

  it('fails when the target answers a checkpoint manifest with the hashes swapped', async () => {
    const target = lossyManifest((m) => ({ ...m, a: m.b as string, b: m.a as string }));
    await expectVerifyError(target, 'verify checkpoint "cp"');
  });

  it('fails when the target answers a checkpoint manifest without a key, or none at all', async () => {
    await expectVerifyError(
      lossyManifest(({ b: _, ...rest }) => rest),
      'verify checkpoint "cp"',
    );
    await expectVerifyError(
      lossyManifest(() => undefined),
      'verify checkpoint "cp"',
    );
  });

  it('fails when the target answers a manifest with an extra key', async () => {
    await expectVerifyError(
      lossyManifest((m) => ({ ...m, c: m.a as string })),
      'verify checkpoint "cp"',
    );
  });
});
