import { describe, expect, it } from 'vitest';
import { MAX_NOTES_LENGTH } from './checkpoint-notes.js';
import { type MakeManager, T, use } from './compliance-kit.js';
import { InvalidValueError } from './errors.js';
import type { CheckpointInfo } from './types.js';

/** The notes half of `runBackendCompliance`: a checkpoint's note is stored, listed, kept and replaced. */
export function notesCompliance(makeManager: MakeManager): void {
  describe('checkpoint notes', () => {
    it('round-trip through checkpoint, save with checkpoint and listCheckpoints; pin, unpin and restore keep them', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock) => {
        const byName = async () => new Map((await m.listCheckpoints()).map((c) => [c.name, c]));
        const hasNotes = (c: CheckpointInfo | undefined) => c !== undefined && Object.hasOwn(c, 'notes');
        await m.save('stage', 'shadow');
        const before = await m.checkpoint('before', { notes: 'Before stage progression' });
        expect(before).toMatchObject({
          name: 'before',
          keys: 1,
          pinned: false,
          notes: 'Before stage progression',
        });
        clock.advance(1000);
        const plain = await m.checkpoint('plain');
        expect(hasNotes(plain)).toBe(false);
        clock.advance(1000);
        // several lines, quotes, JSON-looking text, a backslash, accents and an emoji (astral)
        const odd = 'line 1\nline 2\t"quoted" {"json": [1]} \\ ü ✓ 😀';
        const saved = await m.save('stage', '5%', { checkpoint: 'after', notes: odd });
        expect(saved).toMatchObject({ revision: 2, checkpoint: { name: 'after', keys: 1, notes: odd } });
        clock.advance(1000);
        const longest = `${'n'.repeat(MAX_NOTES_LENGTH - 2)}😀`; // exactly MAX_NOTES_LENGTH code units
        const unnamed = await m.save('stage', '20%', { checkpoint: true, notes: longest });
        expect(unnamed.checkpoint.notes).toBe(longest);
        clock.advance(1000);
        const auto = await m.checkpoint(undefined, { notes: 'unnamed' });
        expect(auto).toMatchObject({ name: `cp-${new Date(clock.now()).toISOString()}`, notes: 'unnamed' });

        const listed = await byName();
        expect([...listed.values()].map((c) => [c.name, c.notes])).toEqual([
          ['before', 'Before stage progression'],
          ['plain', undefined],
          ['after', odd],
          [unnamed.checkpoint.name, longest],
          [auto.name, 'unnamed'],
        ]);
        expect(listed.get('before')).toEqual(before);
        expect(listed.get('after')).toEqual(saved.checkpoint);
        expect(hasNotes(listed.get('plain'))).toBe(false); // absent, not undefined or null

        await m.pin('before');
        expect((await byName()).get('before')).toEqual({ ...before, pinned: true });
        await m.pin('before', false);
        expect((await byName()).get('before')).toEqual(before);
        await m.restore('before');
        expect(await m.load('stage')).toBe('shadow');
        expect([...(await byName()).values()]).toEqual([...listed.values()]);
      });
    });

    it('a checkpoint replaced under the same name without notes has none', { timeout: T }, async () => {
      await use(makeManager, async (m, clock) => {
        await m.save('k', 1);
        await m.checkpoint('cp', { notes: 'first' });
        await m.pin('cp');
        clock.advance(1000);
        const replaced = await m.checkpoint('cp');
        expect(Object.hasOwn(replaced, 'notes')).toBe(false);
        let [listed] = await m.listCheckpoints();
        expect(listed).toEqual(replaced);
        expect(listed && Object.hasOwn(listed, 'notes')).toBe(false);
        // the same through save, with notes again, then without; '' counts as none
        await m.save('k', 2, { checkpoint: 'cp', notes: 'second' });
        expect((await m.listCheckpoints())[0]?.notes).toBe('second');
        const bare = await m.save('k', 3, { checkpoint: 'cp' });
        [listed] = await m.listCheckpoints();
        expect(listed).toEqual(bare.checkpoint);
        expect(listed && Object.hasOwn(listed, 'notes')).toBe(false);
        const empty = await m.checkpoint('cp', { notes: '' });
        expect(Object.hasOwn(empty, 'notes')).toBe(false);
        expect(await m.listCheckpoints()).toEqual([empty]);
      });
    });

    it('refuses notes that are not a short string, and notes without a checkpoint, writing nothing', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m) => {
        const bads: Array<[unknown, RegExp]> = [
          [42, /found 42 \(expected a string of at most 1000 characters\)$/],
          [null, /found null \(expected a string/],
          [{ text: 'x' }, /found \{ text: 'x' \} \(expected a string/],
          [['x'], /found \[ 'x' \] \(expected a string/],
          [Symbol('s'), /found Symbol\(s\) \(expected a string/],
          [
            'x'.repeat(MAX_NOTES_LENGTH + 1),
            /found a string of 1001 characters \(expected a string of at most 1000/,
          ],
          ['a\ud800b', /found a lone surrogate U\+D800 at index 1 \(expected well-formed text\)$/],
        ];
        for (const [notes, message] of bads) {
          const viaCheckpoint = await m.checkpoint('cp', { notes: notes as string }).catch((e: unknown) => e);
          expect(viaCheckpoint).toBeInstanceOf(InvalidValueError);
          expect(viaCheckpoint).toMatchObject({ code: 'EINVALIDVALUE', path: 'notes' });
          expect((viaCheckpoint as Error).message).toMatch(/^checkpoint: expected .* at notes, found /);
          expect((viaCheckpoint as Error).message).toMatch(message);
          await expect(m.save('k', 1, { checkpoint: 'cp', notes: notes as string })).rejects.toMatchObject({
            code: 'EINVALIDVALUE',
            path: 'notes',
          });
        }
        for (const checkpoint of [undefined, false]) {
          await expect(m.save('k', 1, { checkpoint, notes: 'no checkpoint' })).rejects.toThrow(
            /at notes, found a note without the checkpoint option/,
          );
        }
        // the seed's positional habit: a note where the options go
        await expect(m.checkpoint('cp', 'a note' as never)).rejects.toMatchObject({
          code: 'EINVALIDVALUE',
          path: 'options',
          message: expect.stringMatching(
            /found 'a note' \(expected an options object, e\.g\. \{ notes \}\)$/,
          ),
        });
        expect(await m.keys()).toEqual([]);
        expect(await m.listCheckpoints()).toEqual([]);
        // a save without a checkpoint may pass notes: '' (none)
        expect(await m.save('k', 1, { notes: '' })).toEqual({ revision: 1 });
      });
    });
  });
}
