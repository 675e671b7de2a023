import { redisService, serviceSuite } from '@steadystate/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sandbox } from './helpers.js';
import { dropRedisNamespace, uniqueNamespace } from './redis-cleanup.js';

type Box = ReturnType<typeof sandbox>;
type Listed = { name: string; pinned: boolean; notes?: string };

const SEED = 'Before stage progression';
/** A note of two lines with a tab: text output shows it on one line, --json as it is. */
const MULTILINE = 'rolled to 5%\n\tcompliance 0.85';

/**
 * Seed 003's `create_checkpoint(notes="Before stage progression")` through the bin: notes
 * from checkpoint and from save --checkpoint, listed (text and --json), kept by pin and
 * restore, dropped when the checkpoint is replaced without notes.
 */
async function notesSession(box: Box): Promise<void> {
  await box.expectRun(['save', 'stage', 'shadow']);
  const created = await box.expectRun(['checkpoint', 'before_stage', '--notes', SEED]);
  expect(created.stdout).toMatch(
    /^Created checkpoint: before_stage \(1 key, \d+ B\)\nNotes: Before stage progression\n$/,
  );
  const plain = await box.json<Listed>(['checkpoint', '--name', 'plain']);
  expect(plain).toMatchObject({ name: 'plain', keys: 1, pinned: false });
  expect(Object.hasOwn(plain, 'notes')).toBe(false);
  const saved = await box.expectRun(['save', 'stage', '5%', '--checkpoint', 'after_5', '--notes', MULTILINE]);
  expect(saved.stdout).toMatch(
    /^Saved stage \(revision 2\) and created checkpoint: after_5 \(1 key, \d+ B\)\nNotes: rolled to 5%\\n\\tcompliance 0\.85\n$/,
  );
  const asJson = await box.json<{ checkpoint: Listed }>([
    'save',
    'stage',
    '20%',
    '--checkpoint',
    'after_20',
    '--notes',
    'stage 20%',
  ]);
  expect(asJson.checkpoint).toMatchObject({ name: 'after_20', notes: 'stage 20%' });
  expect((await box.json<Listed>(['checkpoint', '--notes', 'unnamed'])).notes).toBe('unnamed');

  const list = await box.json<Listed[]>(['checkpoints']);
  expect(list.map((c) => [c.name, c.notes])).toEqual([
    ['before_stage', SEED],
    ['plain', undefined],
    ['after_5', MULTILINE],
    ['after_20', 'stage 20%'],
    [expect.stringMatching(/^cp-/), 'unnamed'],
  ]);
  expect(Object.hasOwn(list[1] as Listed, 'notes')).toBe(false);

  const table = (await box.expectRun(['checkpoints'])).stdout.trimEnd().split('\n');
  expect(table[0]).toMatch(/^NAME\s+CREATED\s+KEYS\s+SIZE\s+PINNED\s+NOTES$/);
  expect(table[1]).toMatch(/^before_stage\s+.+\s+1\s+\d+ B\s+-\s+Before stage progression$/);
  expect(table[2]).toMatch(/^plain\s+.+\s+-\s+-$/);
  expect(table[3]).toMatch(/\s+-\s+rolled to 5%\\n\\tcompliance 0\.85$/);
  expect(table).toHaveLength(6); // the two-line note stays on its row

  await box.expectRun(['pin', 'before_stage']);
  await box.expectRun(['restore', 'before_stage']);
  expect((await box.expectRun(['load', 'stage', '--raw'])).stdout).toBe('shadow\n');
  const pinned = (await box.json<Listed[]>(['checkpoints']))[0];
  expect(pinned).toMatchObject({ name: 'before_stage', pinned: true, notes: SEED });
  expect((await box.expectRun(['checkpoints'])).stdout).toMatch(
    /\nbefore_stage\s.+\s+pinned\s+Before stage progression\n/,
  );

  // replaced under the same name without --notes: the note is gone
  const replaced = await box.expectRun(['checkpoint', 'before_stage']);
  expect(replaced.stdout).toMatch(/^Created checkpoint: before_stage \(1 key, \d+ B\)\n$/);
  const after = (await box.json<Listed[]>(['checkpoints'])).find((c) => c.name === 'before_stage');
  expect(after && Object.hasOwn(after, 'notes')).toBe(false);
}

describe('checkpoint notes through the bin', () => {
  it('json: checkpoint --notes, save --checkpoint --notes, checkpoints (text and --json), pin, restore', async () => {
    await notesSession(sandbox(['--namespace', 'notes']));
  });

  it('sqlite', async () => {
    await notesSession(sandbox(['--backend', 'sqlite', '--file', 'state.db']));
  });

  it('the NOTES column appears once a checkpoint has notes, "-" for those without', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'a', '1']);
    await box.expectRun(['checkpoint', 'c1']);
    const before = (await box.expectRun(['checkpoints'])).stdout.trimEnd().split('\n');
    expect(before[0]).toMatch(/^NAME\s+CREATED\s+KEYS\s+SIZE\s+PINNED$/);
    await box.expectRun(['checkpoint', 'c2', '--notes', 'why']);
    const after = (await box.expectRun(['checkpoints'])).stdout.trimEnd().split('\n');
    expect(after[0]).toMatch(/^NAME\s+CREATED\s+KEYS\s+SIZE\s+PINNED\s+NOTES$/);
    expect(after[1]).toMatch(/^c1\s.+\s-\s+-$/);
    expect(after[2]).toMatch(/^c2\s.+\s-\s+why$/);
  });

  it('--notes without --checkpoint, or longer than 1000 characters, is a usage error that writes nothing', async () => {
    const box = sandbox();
    const alone = await box.expectRun(['save', 'k', 'v', '--notes', 'why'], 64);
    expect(alone.stderr).toBe(
      "steadystate: expected --checkpoint NAME with --notes (the notes are the checkpoint's), found --notes alone (see: steadystate save --help)\n",
    );
    const long = 'x'.repeat(1001);
    for (const args of [
      ['checkpoint', 'c', '--notes', long],
      ['save', 'k', 'v', '--checkpoint', 'c', '--notes', long],
    ]) {
      const r = await box.expectRun(args, 64);
      expect(r.stderr).toMatch(
        /^steadystate: expected --notes to be at most 1000 characters, found 1001 characters \(see: steadystate (checkpoint|save) --help\)\n$/,
      );
    }
    await box.expectRun(['checkpoint', 'c', '--notes'], 64);
    expect(await box.json(['keys'])).toEqual([]);
    expect(await box.json(['checkpoints'])).toEqual([]);
    // exactly 1000 is fine
    expect((await box.json<Listed>(['checkpoint', 'c', '--notes', 'y'.repeat(1000)])).notes).toHaveLength(
      1000,
    );
  });

  it('help texts name --notes', async () => {
    const box = sandbox();
    expect((await box.expectRun(['checkpoint', '--help'])).stdout).toMatch(/--notes TEXT\s+a note kept/);
    expect((await box.expectRun(['save', '--help'])).stdout).toMatch(/--checkpoint NAME \[--notes TEXT\]/);
    expect((await box.expectRun(['checkpoints', '--help'])).stdout).toMatch(/NOTES column/);
  });
});

await serviceSuite(redisService, 'checkpoint notes through the bin on redis', (url) => {
  it('redis', async () => {
    const ns = uniqueNamespace('notes');
    onTestFinished(async () => {
      await dropRedisNamespace(url, ns);
    });
    await notesSession(sandbox(['--backend', 'redis', '--url', url, '--namespace', ns]));
  });
});
