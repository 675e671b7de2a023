import { describe, expect, it } from 'vitest';
import { assertOptions, deleteRequest, pruneRequest } from './argument-asserts.js';
import { InvalidValueError } from './errors.js';
import { StateManager } from './state-manager.js';
import type { RetentionPolicy, SaveOptions } from './types.js';

/*
 * An options argument is an options object with known keys, or absent: a string where the
 * options go, `null` or a typo is an InvalidValueError, and nothing is written.
 */

const open = () => StateManager.open({ backend: 'memory', namespace: 'opts' });

/** The error `call` threw or rejected with. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, found none');
}

describe('save options', () => {
  it('a string where the options object goes is an InvalidValueError and saves nothing', async () => {
    const m = await open();
    const err = await failure(() => m.save('k', 1, 'Before stage progression' as never));
    expect(err).toBeInstanceOf(InvalidValueError);
    expect(err).toMatchObject({ code: 'EINVALIDVALUE', path: 'options' });
    expect((err as Error).message).toBe(
      "checkpoint: expected a JSON value at options, found 'Before stage progression' (expected an options object, e.g. { ifRevision, checkpoint, notes })",
    );
    expect(await m.keys()).toEqual([]);
    expect(await m.listCheckpoints()).toEqual([]);
  });

  it('null, an array or a number as options is the same InvalidValueError', async () => {
    const m = await open();
    for (const opts of [null, [], 0, true]) {
      const err = await failure(() => m.save('k', 1, opts as never));
      expect(err, String(opts)).toBeInstanceOf(InvalidValueError);
      expect(err).toMatchObject({ code: 'EINVALIDVALUE', path: 'options' });
    }
    expect(await m.keys()).toEqual([]);
  });

  it('an unknown key is refused, naming it: a typo never skips the compare-and-set', async () => {
    const m = await open();
    await m.save('k', 'first');
    const err = await failure(() => m.save('k', 'second', { ifRevsion: 0 } as SaveOptions));
    expect(err).toBeInstanceOf(InvalidValueError);
    expect(err).toMatchObject({ code: 'EINVALIDVALUE', path: 'options.ifRevsion' });
    expect((err as Error).message).toBe(
      'checkpoint: expected a JSON value at options.ifRevsion, found an unknown option (expected only "ifRevision", "checkpoint", "notes")',
    );
    expect(await m.get('k')).toMatchObject({ value: 'first', revision: 1 });
    for (const typo of ['checkpointName', 'note', 'revision']) {
      await expect(m.save('k', 'x', { [typo]: 1 } as SaveOptions)).rejects.toMatchObject({
        path: `options.${typo}`,
      });
    }
    // undefined values of known keys are fine, as before
    expect(await m.save('k', 'second', { ifRevision: undefined, checkpoint: undefined })).toEqual({
      revision: 2,
    });
    expect(await m.listCheckpoints()).toEqual([]);
  });
});

describe('checkpoint options', () => {
  it('refuses null and unknown keys; takes nothing', async () => {
    const m = await open();
    await m.save('k', 1);
    await expect(m.checkpoint('c', null as never)).rejects.toMatchObject({
      code: 'EINVALIDVALUE',
      path: 'options',
    });
    const err = await failure(() => m.checkpoint('c', { note: 'typo' } as never));
    expect(err).toBeInstanceOf(InvalidValueError);
    expect((err as Error).message).toBe(
      'checkpoint: expected a JSON value at options.note, found an unknown option (expected only "notes")',
    );
    expect(await m.listCheckpoints()).toEqual([]);
    expect((await m.checkpoint('c', { notes: 'fine' })).notes).toBe('fine');
  });
});

describe('prune policy', () => {
  it('null, a string or a fraction is an InvalidValueError, and nothing is removed', async () => {
    const m = await open();
    await m.save('k', 1);
    await m.checkpoint('a');
    await m.checkpoint('b');
    for (const policy of [null, 'keepLast', { keepLast: 1.5 }, { keepLast: 0.5 }, { keepDaily: -1 }]) {
      const err = await failure(() => m.prune(policy as RetentionPolicy));
      expect(err, JSON.stringify(policy)).toBeInstanceOf(InvalidValueError);
      expect(err).toMatchObject({ code: 'EINVALIDVALUE' });
      expect((err as Error).message).toMatch(/^checkpoint: expected .* at retention(\.keep\w+)?, found /);
    }
    expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['a', 'b']);
    expect((await m.prune({ keepLast: 1 })).remove).toEqual(['a']);
  });

  it('open() refuses such a retention policy too', async () => {
    await expect(
      StateManager.open({ backend: 'memory', namespace: 'r', retention: { keepLast: 1.5 } }),
    ).rejects.toMatchObject({ code: 'EINVALIDVALUE', path: 'retention.keepLast' });
  });
});

describe('BatchRun.delete options', () => {
  it('refuses null, unknown keys and a force that is not a boolean; deletes nothing', async () => {
    const m = await open();
    const run = m.batch('b');
    await run.create(['a']);
    for (const opts of [null, 'force', { force: 'yes' }, { forced: true }]) {
      const err = await failure(() => run.delete(opts as never));
      expect(err, JSON.stringify(opts)).toBeInstanceOf(InvalidValueError);
    }
    await expect(run.delete({ forced: true } as never)).rejects.toMatchObject({ path: 'options.forced' });
    await expect(run.delete({ force: 1 } as never)).rejects.toMatchObject({ path: 'force' });
    expect((await run.progress()).pending).toBe(1);
    expect(await run.delete({ force: true })).toBe(true);
  });
});

describe('the option checks of delete and prune', () => {
  it('deleteRequest: absent or { ifRevision? }', () => {
    expect(deleteRequest(undefined)).toEqual({ ifRevision: undefined });
    expect(deleteRequest({ ifRevision: 3 })).toEqual({ ifRevision: 3 });
    for (const bad of [null, 'x', [], { ifRevsion: 1 }, { ifRevision: 1.5 }]) {
      expect(() => deleteRequest(bad), JSON.stringify(bad)).toThrow(InvalidValueError);
    }
    expect(() => deleteRequest({ ifRevsion: 1 })).toThrow(
      'checkpoint: expected a JSON value at options.ifRevsion, found an unknown option (expected only "ifRevision")',
    );
  });

  it('pruneRequest: absent or { dryRun? } with a boolean', () => {
    expect(pruneRequest(undefined)).toEqual({ dryRun: false });
    expect(pruneRequest({ dryRun: true })).toEqual({ dryRun: true });
    for (const bad of [null, 'x', [], { dryrun: true }, { dryRun: 'yes' }]) {
      expect(() => pruneRequest(bad), JSON.stringify(bad)).toThrow(InvalidValueError);
    }
  });

  it('assertOptions names the first unknown key', () => {
    expect(() => assertOptions({ a: 1, b: 2, zz: 3 }, ['a', 'b'])).toThrow(
      new InvalidValueError('options.zz', 'an unknown option (expected only "a", "b")'),
    );
    expect(() => assertOptions({}, [])).not.toThrow();
  });
});
