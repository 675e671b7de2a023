import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { StateManager } from './state-manager.js';

/* delete's and prune's options, and pin's flag: a mistake is refused before anything changes. */

describe('delete and prune options', () => {
  it('delete: null, a string or a typo is an InvalidValueError and deletes nothing', async () => {
    const m = await StateManager.open({ backend: 'memory', namespace: 'del' });
    await m.save('k', 1);
    for (const opts of [null, 'x', { ifRevsion: 5 }]) {
      await expect(m.delete('k', opts as never), JSON.stringify(opts)).rejects.toBeInstanceOf(
        InvalidValueError,
      );
    }
    await expect(m.delete('k', { ifRevsion: 5 } as never)).rejects.toMatchObject({
      path: 'options.ifRevsion',
    });
    expect(await m.keys()).toEqual(['k']);
    expect(await m.delete('k', { ifRevision: 1 })).toBe(true);
  });

  it('prune: null, a typo or a non-boolean dryRun is an InvalidValueError and removes nothing', async () => {
    const m = await StateManager.open({ backend: 'memory', namespace: 'prune' });
    await m.save('k', 1);
    await m.checkpoint('a');
    await m.checkpoint('b');
    for (const opts of [null, 'dry', { dryrun: true }, { dryRun: 'yes' }]) {
      await expect(m.prune({ keepLast: 1 }, opts as never), JSON.stringify(opts)).rejects.toBeInstanceOf(
        InvalidValueError,
      );
    }
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['a', 'b']);
    expect((await m.prune({ keepLast: 1 }, { dryRun: true })).remove).toEqual(['a']);
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('pin: a flag that is not a boolean is an InvalidValueError and pins nothing', async () => {
    const m = await StateManager.open({ backend: 'memory', namespace: 'pin' });
    await m.save('k', 1);
    await m.checkpoint('a');
    for (const flag of ['no', 0, null])
      await expect(m.pin('a', flag as never)).rejects.toMatchObject({
        code: 'EINVALIDVALUE',
        path: 'pinned',
      });
    expect((await m.listCheckpoints())[0]?.pinned).toBe(false);
    await m.pin('a');
    expect((await m.listCheckpoints())[0]?.pinned).toBe(true);
  });
});
