import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError } from './errors.js';
import { MemoryBackend } from './memory-backend.js';
import { StateManager } from './state-manager.js';

/** A memory backend whose garbage collection fails the first `failures` times. */
class FailingCollect extends MemoryBackend {
  constructor(private failures: number) {
    super();
  }
  override collect(ns: string, live: Set<string>) {
    if (this.failures-- > 0) return Promise.reject(new Error('disk full'));
    return super.collect(ns, live);
  }
}

const clock = () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => (now += 1000) };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the prune `retention` runs after a checkpoint fails', () => {
  it('the save and its checkpoint still resolve (they are committed); onPruneError gets the error', async () => {
    const errors: unknown[] = [];
    const m = await StateManager.open({
      backend: new FailingCollect(1),
      namespace: 'ns',
      clock: clock(),
      retention: { keepLast: 1 },
      onPruneError: (error) => errors.push(error),
    });
    await m.save('state', 1, { checkpoint: 'step-1' });
    const saved = await m.save('state', 2, { checkpoint: 'step-2' });
    expect(saved.revision).toBe(2);
    expect(saved.checkpoint.name).toBe('step-2');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(BackendError);
    expect((errors[0] as BackendError).cause).toMatchObject({ message: 'disk full' });
    // a retry with the revision the caller saw works: nothing was rolled back
    expect((await m.save('state', 3, { ifRevision: 2, checkpoint: 'step-3' })).revision).toBe(3);
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['step-3']);
    expect(errors).toHaveLength(1);
  });

  it('checkpoint() resolves too, and by default the error is a process warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const m = await StateManager.open({
      backend: new FailingCollect(1),
      namespace: 'ns',
      clock: clock(),
      retention: { keepLast: 1 },
    });
    await m.save('state', 1);
    await m.checkpoint('a');
    expect((await m.checkpoint('b')).name).toBe('b');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBeInstanceOf(BackendError);
  });

  it('refuses an onPruneError that is not a function', async () => {
    await expect(
      StateManager.open({ backend: 'memory', namespace: 'ns', onPruneError: 'log' as never }),
    ).rejects.toMatchObject({ code: 'EINVALIDVALUE', path: 'onPruneError' });
  });
});
