import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { BIN, sandbox } from './helpers.js';

const COMMANDS = [
  'init',
  'save',
  'load',
  'delete',
  'keys',
  'checkpoint',
  'checkpoints',
  'restore',
  'pin',
  'unpin',
  'prune',
  'copy',
  'migrate',
  'heartbeat',
  'session',
  'stale',
  'batch',
];

describe('help and usage', () => {
  it('--help on every command prints its usage and exits 0', async () => {
    const box = sandbox();
    const top = await box.expectRun(['--help']);
    for (const name of COMMANDS) expect(top.stdout).toMatch(new RegExp(`^  ${name}\\s{2,}\\S`, 'm'));
    expect(top.stdout).toContain('64  usage error');
    for (const name of COMMANDS) {
      const r = await box.expectRun([name, '--help']);
      expect(r.stdout).toMatch(new RegExp(`^Usage: steadystate (\\[global options\\] )?${name}\\b`));
      expect(r.stdout).toMatch(/Exit codes: 0 /);
    }
    expect((await box.expectRun(['help', 'prune'])).stdout).toContain('--keep-within DURATION');
    expect((await box.expectRun(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints no colour codes when stdout is not a terminal, even without NO_COLOR', async () => {
    const box = sandbox([], { NO_COLOR: undefined });
    await box.expectRun(['save', 'a', '1']);
    await box.expectRun(['checkpoint', 'c1']);
    await box.expectRun(['pin', 'c1']);
    await box.expectRun(['batch', 'create', 'b', 'x']);
    await box.expectRun(['batch', 'fail', 'b', 'x', 'boom']);
    for (const args of [
      ['checkpoints'],
      ['prune', '--keep-last', '1', '--dry-run'],
      ['batch', 'status', 'b'],
    ]) {
      const r = await box.expectRun(args);
      expect(r.stdout, args.join(' ')).not.toContain('\u001b[');
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  });

  it('usage errors exit 64 with one line naming what was expected and found', async () => {
    const box = sandbox();
    const cases: Array<[string[], RegExp]> = [
      [[], /^steadystate \S+: workflow state/],
      [
        ['frobnicate'],
        /^steadystate: expected a command \(init, save, .*\), found unknown command "frobnicate"/,
      ],
      [['--bogus', 'keys'], /found unknown option "--bogus" before the command/],
      [
        ['save', 'phase'],
        /^steadystate: expected KEY VALUE, found "phase" \(see: steadystate save --help\)$/,
      ],
      [['load'], /^steadystate: expected KEY, found nothing/],
      [['save', 'k', '{"broken": '], /^steadystate: expected VALUE to be JSON, found "\{\\"broken\\": "/],
      [
        ['save', 'k', 'v', '--if-revision', 'two'],
        /expected --if-revision to be a whole number, found "two"/,
      ],
      [
        ['keys', '--verbose'],
        /^steadystate: expected an option of --backend .*--json, found unknown option "--verbose"/,
      ],
      [['--backend', 'mongo', 'keys'], /expected --backend to be json, sqlite or redis, found "mongo"/],
      [
        ['--backend', 'json', '--file', 'x.db', 'keys'],
        /--file does not apply to the json backend; it takes --dir/,
      ],
      [['prune'], /expected at least one rule \(--keep-last, .*\), found none/],
      [['prune', '--keep-within', '7'], /expected --keep-within like 90s, 30m, 12h, 7d or 1h30m .*found "7"/],
      [['stale', 'soon'], /expected MAXAGE like 90s/],
      [
        ['batch', 'explode', 'x'],
        /expected a batch action \(create, next, done, fail, status\), found "explode"/,
      ],
      [['batch', 'create', 'only-id'], /expected ID ITEM\.\.\., found no ITEM/],
      [['checkpoint', 'a', 'b'], /expected \[NAME\], found "a" "b"/],
    ];
    for (const [args, pattern] of cases) {
      const r = await box.expectRun(args, 64);
      expect(r.stderr.trimEnd(), args.join(' ')).toMatch(pattern);
      if (args.length > 0) expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('an invalid name from the library is a usage error too', async () => {
    const box = sandbox();
    const r = await box.expectRun(['--namespace', '../escape', 'keys'], 64);
    expect(r.stderr).toMatch(/^steadystate: expected a valid namespace name/);
  });
});

describe('values', () => {
  it('a bare word is a string, JSON is JSON, and - reads stdin', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'phase', 'building']);
    await box.expectRun(['save', 'note', 'hello world']);
    await box.expectRun(['save', 'count', '42']);
    await box.expectRun(['save', 'quoted', '"42"']);
    await box.expectRun(['save', 'doc', '-'], 0, { input: '{"steps": ["scout", "plan"], "ok": true}\n' });
    await box.expectRun(['save', 'piped', '-'], 0, { input: 'reviewing\n' });
    await box.expectRun(['save', 'negative', '--', '-5']);
    const value = async (key: string) => (await box.json<{ value: unknown }>(['load', key])).value;
    expect(await value('phase')).toBe('building');
    expect(await value('note')).toBe('hello world');
    expect(await value('count')).toBe(42);
    expect(await value('quoted')).toBe('42');
    expect(await value('doc')).toEqual({ steps: ['scout', 'plan'], ok: true });
    expect(await value('piped')).toBe('reviewing');
    expect(await value('negative')).toBe(-5);
    expect((await box.expectRun(['load', 'doc', '--raw'])).stdout).toBe(
      '{"steps":["scout","plan"],"ok":true}\n',
    );
    const empty = await box.expectRun(['save', 'x', '-'], 64, { input: '' });
    expect(empty.stderr).toMatch(/expected a VALUE on stdin \(VALUE was -\), found nothing/);
  });
});

describe('revisions, conflicts and not found', () => {
  it('--if-revision saves and deletes only at the expected revision; a conflict exits 3', async () => {
    const box = sandbox();
    expect(await box.json(['save', 'phase', 'plan', '--if-revision', '0'])).toEqual({
      key: 'phase',
      revision: 1,
    });
    const exists = await box.expectRun(['save', 'phase', 'again', '--if-revision', '0'], 3);
    expect(exists.stderr).toMatch(
      /^steadystate: expected key "phase" at revision 0 \(absent\), found revision 1/,
    );
    await box.expectRun(['save', 'phase', 'build', '--if-revision', '1']);
    const stale = await box.expectRun(['save', 'phase', 'lost', '--if-revision', '1'], 3);
    expect(stale.stderr).toMatch(/found revision 2/);
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('build\n');
    await box.expectRun(['delete', 'phase', '--if-revision', '1'], 3);
    expect(await box.json(['delete', 'phase', '--if-revision', '2'])).toEqual({
      key: 'phase',
      deleted: true,
    });
  });

  it('save --checkpoint NAME saves and checkpoints in one operation; a conflict stores neither', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'phase', 'plan']);
    const saved = await box.json<{
      key: string;
      revision: number;
      checkpoint: { name: string; keys: number };
    }>(['save', 'phase', 'build', '--checkpoint', 'built']);
    expect(saved).toMatchObject({ key: 'phase', revision: 2, checkpoint: { name: 'built', keys: 1 } });
    const text = await box.expectRun(['save', 'step', '3', '--checkpoint', 'step-3']);
    expect(text.stdout).toMatch(/^Saved step \(revision 1\) and created checkpoint: step-3 \(2 keys, /);
    const conflict = await box.expectRun(
      ['save', 'phase', 'lost', '--if-revision', '1', '--checkpoint', 'lost'],
      3,
    );
    expect(conflict.stderr).toMatch(/found revision 2/);
    const names = (await box.json<Array<{ name: string }>>(['checkpoints'])).map((c) => c.name);
    expect(names).toEqual(['built', 'step-3']);
    await box.expectRun(['save', 'phase', 'broken']);
    await box.expectRun(['restore', 'built']);
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('build\n');
    await box.expectRun(['save', 'phase', 'x', '--checkpoint', '../bad'], 64);
  });

  it('a missing key, checkpoint or batch exits 4', async () => {
    const box = sandbox();
    const cases: Array<[string[], RegExp]> = [
      [['load', 'nope'], /^steadystate: expected key "nope" in namespace "default", found no such key$/],
      [['delete', 'nope'], /expected key "nope" in namespace "default", found no such key/],
      [['restore', 'nope'], /^steadystate: expected checkpoint "nope" to exist, found none$/],
      [['pin', 'nope'], /checkpoint "nope"/],
      [['batch', 'status', 'nope'], /^steadystate: expected batch "nope" to exist, found none$/],
      [['batch', 'next', 'nope'], /expected batch "nope"/],
    ];
    for (const [args, pattern] of cases) {
      const r = await box.expectRun(args, 4);
      expect(r.stderr.trimEnd(), args.join(' ')).toMatch(pattern);
    }
  });
});

describe('--json', () => {
  it('every command that prints data prints parseable JSON', async () => {
    const box = sandbox(['--namespace', 'w1']);
    expect(await box.json(['init'])).toMatchObject({ backend: 'json', namespace: 'w1', keys: 0 });
    expect(await box.json(['save', 'k', '[1]'])).toEqual({ key: 'k', revision: 1 });
    expect(await box.json(['load', 'k'])).toMatchObject({ key: 'k', value: [1], revision: 1 });
    expect(await box.json(['keys'])).toEqual(['k']);
    expect(await box.json(['checkpoint', 'c1'])).toMatchObject({ name: 'c1', keys: 1, pinned: false });
    expect(await box.json(['checkpoints'])).toMatchObject([{ name: 'c1' }]);
    expect(await box.json(['restore', 'c1'])).toEqual({ restored: 'c1', keys: ['k'] });
    expect(await box.json(['pin', 'c1'])).toEqual({ name: 'c1', pinned: true });
    expect(await box.json(['prune', '--keep-within', '1h'])).toMatchObject({ remove: [], dryRun: false });
    expect(await box.json(['heartbeat', 'w'])).toEqual({ session: 'w', status: 'active' });
    expect(await box.json(['session', 'w'])).toMatchObject({ session: 'w', status: 'active' });
    expect(await box.json(['batch', 'create', 'b', 'x', 'y', 'z'])).toEqual({ id: 'b', total: 3 });
    expect(await box.json(['batch', 'next', 'b'])).toEqual({ id: 'b', item: 'x' });
    expect(await box.json(['batch', 'status', 'b'])).toMatchObject({ id: 'b', total: 3, pending: 3 });
    expect(await box.json(['batch', 'done', 'b', 'x'])).toEqual({ id: 'b', item: 'x', state: 'completed' });
    expect(await box.json(['batch', 'complete', 'b', 'y'])).toEqual({
      id: 'b',
      item: 'y',
      state: 'completed',
    });
    expect(await box.json(['batch', 'fail', 'b', 'z', 'exit 3'])).toEqual({
      id: 'b',
      item: 'z',
      state: 'failed',
    });
    // what they printed is what they recorded
    expect(await box.json(['batch', 'status', 'b'])).toEqual({
      id: 'b',
      total: 3,
      completed: ['x', 'y'],
      failed: [{ item: 'z', error: 'exit 3' }],
      pending: 0,
    });
    expect(await box.json(['delete', 'k'])).toEqual({ key: 'k', deleted: true });
    // the flag works before the command too
    expect(JSON.parse((await box.expectRun(['--json', 'keys'])).stdout)).toEqual([]);
  });
});

describe('heartbeat and stale', () => {
  it('stale exits 0 while a session has no recent heartbeat and 2 while it is fresh', async () => {
    const box = sandbox();
    const never = await box.expectRun(['stale', '1h', 'worker-1'], 0);
    expect(never.stdout).toBe('stale: session worker-1 has no heartbeat within 1h (never had one)\n');
    expect((await box.expectRun(['heartbeat', 'worker-1'])).stdout).toBe(
      'Heartbeat recorded for session worker-1 (active)\n',
    );
    const fresh = await box.expectRun(['stale', '1h', 'worker-1'], 2);
    expect(fresh.stdout).toBe('fresh: session worker-1 (active) had a heartbeat within 1h\n');
    // a new process starts well over a millisecond later
    await box.expectRun(['stale', '1ms', 'worker-1'], 0);
    // sessions are separate; the default session is "default"
    await box.expectRun(['stale', '1h'], 0);
    await box.expectRun(['heartbeat']);
    const json = await box.expectRun(['stale', '1h', '--json'], 2);
    expect(JSON.parse(json.stdout)).toEqual({
      session: 'default',
      maxAgeMs: 3_600_000,
      stale: false,
      status: 'active',
    });
  });
});

describe('backends that cannot be used', () => {
  it('a missing optional package names the npm package to install (exit 1)', async () => {
    // the bin alone, outside any node_modules: better-sqlite3 and ioredis cannot be found
    const lone = join(tempDir('steadystate-lone-'), 'steadystate.cjs');
    copyFileSync(BIN, lone);
    const box = sandbox();
    const ok = await box.run(['save', 'a', '1'], { bin: lone });
    expect(ok.code, ok.stderr).toBe(0);
    const sqlite = await box.run(['--backend', 'sqlite', 'keys'], { bin: lone });
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toMatch(
      /^steadystate: the sqlite backend needs the npm package "better-sqlite3", which is not installed; install it .*npm install better-sqlite3/,
    );
    const redis = await box.run(['--url', 'redis://127.0.0.1:6379', 'keys'], { bin: lone });
    expect(redis.code).toBe(1);
    expect(redis.stderr).toMatch(/the redis backend needs the npm package "ioredis"/);
    expect(redis.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a Redis server that is not there fails in one line, without hanging (exit 1)', async () => {
    const box = sandbox();
    const r = await box.expectRun(['--url', 'redis://127.0.0.1:1', 'keys'], 1);
    expect(r.stderr).toMatch(/^steadystate: .*redis.*\n$/i);
  });
});
