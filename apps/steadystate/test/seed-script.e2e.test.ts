import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

/** Seed 004's "## Scripts" section, verbatim (comments and the python prefix included). */
const SEED_SCRIPT = `
# Initialize state backend
python scripts/state_manager.py init --backend json --namespace workflow-123

# Save state
python scripts/state_manager.py save --key phase --value building

# Load state
python scripts/state_manager.py load --key phase

# Create checkpoint
python scripts/state_manager.py checkpoint --name after_planning

# Restore checkpoint
python scripts/state_manager.py restore --checkpoint after_planning

# Migrate backends
python scripts/state_manager.py migrate --from json --to sqlite
`;

/** The argument lists of the script's commands: each line after `python scripts/state_manager.py`. */
function seedLines(): string[][] {
  return SEED_SCRIPT.split('\n')
    .filter((line) => line.startsWith('python scripts/state_manager.py '))
    .map((line) => line.slice('python scripts/state_manager.py '.length).split(' '));
}

describe("seed 004's script, exactly as written", () => {
  it('runs init, save, load, checkpoint, restore and migrate; the sqlite copy holds the state', async () => {
    const box = sandbox();
    const lines = seedLines();
    expect(lines.map((l) => l[0])).toEqual(['init', 'save', 'load', 'checkpoint', 'restore', 'migrate']);
    const out: string[] = [];
    for (const args of lines) out.push((await box.expectRun(args)).stdout);
    expect(out).toEqual([
      'Initialized json backend for workflow-123 (json:.steadystate#workflow-123, 0 keys)\n',
      'Saved phase (revision 1)\n',
      '"building"\n',
      expect.stringMatching(/^Created checkpoint: after_planning \(1 key, \d+ B\)\n$/),
      'Restored from: after_planning (1 key)\n',
      'Copied 1 key and 1 checkpoint from json:.steadystate#default to sqlite:.steadystate.db#default (verified)\n',
    ]);
    // bare backend names are the documented default locations: ./.steadystate and ./.steadystate.db
    expect(statSync(join(box.cwd, '.steadystate')).isDirectory()).toBe(true);
    expect(statSync(join(box.cwd, '.steadystate.db')).isFile()).toBe(true);
    const sqlite = ['--backend', 'sqlite', '--file', '.steadystate.db'];
    expect(await box.json([...sqlite, 'load', 'phase'])).toMatchObject({ key: 'phase', value: 'building' });
    expect(await box.json([...sqlite, 'keys'])).toEqual(['phase']);
    expect(await box.json<Array<{ name: string; keys: number }>>([...sqlite, 'checkpoints'])).toMatchObject([
      { name: 'after_planning', keys: 1 },
    ]);
    // the copied checkpoint restores on sqlite
    await box.expectRun([...sqlite, 'save', '--key', 'phase', '--value', 'testing']);
    await box.expectRun([...sqlite, 'restore', '--checkpoint', 'after_planning']);
    expect((await box.expectRun([...sqlite, 'load', '--key', 'phase', '--raw'])).stdout).toBe('building\n');
  });
});

describe('the option forms of KEY, VALUE and NAME', () => {
  it('save --key/--value, load/delete --key, checkpoint --name, restore --checkpoint/--name, mixed with positionals', async () => {
    const box = sandbox();
    expect(await box.json(['save', '--key', 'phase', '--value', 'building'])).toEqual({
      key: 'phase',
      revision: 1,
    });
    expect(await box.json(['save', '--value', '["scout","plan"]', '--key', 'tasks'])).toEqual({
      key: 'tasks',
      revision: 1,
    });
    // KEY from its option, VALUE positional, and the other way round
    await box.expectRun(['save', '--key', 'n', '42']);
    await box.expectRun(['save', 'm', '--value', '{"a":1}']);
    await box.expectRun(['save', '--key', 'neg', '--value=-5']);
    await box.expectRun(['save', '--key', 'piped', '--value', '-'], 0, { input: '"from stdin"' });
    expect((await box.json<{ value: unknown }>(['load', '--key', 'tasks'])).value).toEqual(['scout', 'plan']);
    expect((await box.json<{ value: unknown }>(['load', '--key=n'])).value).toBe(42);
    expect((await box.json<{ value: unknown }>(['load', 'm'])).value).toEqual({ a: 1 });
    expect((await box.json<{ value: unknown }>(['load', '--key', 'neg'])).value).toBe(-5);
    expect((await box.expectRun(['load', '--key', 'piped', '--raw'])).stdout).toBe('from stdin\n');

    expect(await box.json(['checkpoint', '--name', 'one'])).toMatchObject({ name: 'one', keys: 6 });
    await box.expectRun(['save', '--key', 'phase', '--value', 'testing', '--checkpoint', 'two']);
    expect(await box.json(['delete', '--key', 'neg'])).toEqual({ key: 'neg', deleted: true });
    await box.expectRun(['delete', '--key', 'neg'], 4);

    expect(await box.json(['restore', '--checkpoint', 'one'])).toMatchObject({ restored: 'one' });
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('building\n');
    expect(await box.json(['restore', '--name', 'two'])).toMatchObject({ restored: 'two' });
    expect((await box.expectRun(['load', 'phase', '--raw'])).stdout).toBe('testing\n');
    expect(await box.json(['restore', 'one'])).toMatchObject({ restored: 'one' });
  });

  it('an argument given twice, or an option without its value, is a usage error naming both (exit 64)', async () => {
    const box = sandbox();
    const cases: Array<[string[], RegExp]> = [
      [['save', '--key', 'a', 'b', 'c'], /^steadystate: expected --key KEY VALUE, found --key "a" "b" "c"/],
      [['save', '--key', 'a'], /^steadystate: expected --key KEY VALUE, found --key "a" \(see:/],
      [['save', '--value', 'x'], /^steadystate: expected KEY --value VALUE, found --value "x"/],
      [['load', '--key', 'a', 'b'], /^steadystate: expected --key KEY, found --key "a" "b"/],
      [['delete', 'a', '--key', 'b'], /^steadystate: expected --key KEY, found --key "b" "a"/],
      [['checkpoint', 'x', '--name', 'y'], /^steadystate: expected --name NAME, found --name "y" "x"/],
      [
        ['restore', '--checkpoint', 'a', '--name', 'b'],
        /^steadystate: expected one of NAME, --checkpoint NAME, --name NAME or --latest, found --checkpoint "a" and --name "b"/,
      ],
      [['restore', 'a', '--checkpoint', 'b'], /expected one of .*, found "a" and --checkpoint "b"/],
      [['restore'], /^steadystate: expected NAME, --checkpoint NAME, --name NAME or --latest, found nothing/],
      [
        ['save', '--key'],
        /^steadystate: expected a value after --key, found nothing \(see: steadystate save/,
      ],
      [
        ['save', '--key', 'k', '--value', '-5'],
        /^steadystate: expected a value after --value, found the option-like "-5"; write --value=-5/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const r = await box.expectRun(args, 64);
      expect(r.stderr.trimEnd(), args.join(' ')).toMatch(pattern);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(await box.json(['keys'])).toEqual([]);
  });
});

describe('global options after the command name', () => {
  it('every command takes --backend, --namespace, --file and --json after its name', async () => {
    const box = sandbox();
    const g = ['--backend', 'sqlite', '--namespace', 'after', '--file', 'g.db', '--json'];
    const run = async (args: string[], code = 0) => {
      const r = await box.expectRun([...args, ...g], code);
      return r.stdout === '' ? undefined : JSON.parse(r.stdout);
    };
    expect(await run(['init'])).toMatchObject({
      backend: 'sqlite',
      namespace: 'after',
      spec: 'sqlite:g.db#after',
    });
    expect(await run(['save', 'phase', 'building'])).toEqual({ key: 'phase', revision: 1 });
    expect(await run(['load', 'phase'])).toMatchObject({ value: 'building' });
    expect(await run(['keys'])).toEqual(['phase']);
    expect(await run(['checkpoint', 'c1'])).toMatchObject({ name: 'c1' });
    expect(await run(['checkpoints'])).toMatchObject([{ name: 'c1' }]);
    expect(await run(['restore', 'c1'])).toMatchObject({ restored: 'c1' });
    expect(await run(['pin', 'c1'])).toEqual({ name: 'c1', pinned: true });
    expect(await run(['unpin', 'c1'])).toEqual({ name: 'c1', pinned: false });
    expect(await run(['prune', '--keep-last', '1'])).toMatchObject({ remove: [] });
    expect(await run(['heartbeat', 'w'])).toEqual({ session: 'w', status: 'active' });
    expect(await run(['session', 'w'])).toMatchObject({
      session: 'w',
      status: 'active',
      needsRecovery: false,
    });
    expect(await run(['stale', '1h', 'w'], 2)).toMatchObject({ stale: false, status: 'active' });
    expect(await run(['batch', 'create', 'b', 'x'])).toEqual({ id: 'b', total: 1 });
    expect(await run(['delete', 'phase'])).toEqual({ key: 'phase', deleted: true });
    // all of that happened in g.db, namespace "after", nowhere else
    expect(existsSync(join(box.cwd, '.steadystate'))).toBe(false);
    expect(await box.json(['--file', 'g.db', '--namespace', 'after', 'checkpoints'])).toMatchObject([
      { name: 'c1' },
    ]);
    // copy and migrate take --namespace and --json after the name too
    expect(
      JSON.parse(
        (
          await box.expectRun([
            'copy',
            '--from',
            'sqlite:g.db',
            '--to',
            'json:out',
            '--namespace',
            'after',
            '--json',
          ])
        ).stdout,
      ),
    ).toMatchObject({ from: 'sqlite:g.db#after', to: 'json:out#after', checkpoints: 1 });
    // the dir form, and --url, after the name
    await box.expectRun(['save', 'k', '1', '--dir', 'd']);
    expect(await box.json(['keys', '--dir', 'd'])).toEqual(['k']);
    const down = await box.expectRun(['keys', '--url', 'redis://127.0.0.1:1'], 1);
    expect(down.stderr).toMatch(/^steadystate: .*redis/i);
  });
});

describe('migrate', () => {
  it("is copy under seed 004's name: same help (saying so), same result, bare backend names", async () => {
    const box = sandbox();
    const top = await box.expectRun(['--help']);
    expect(top.stdout).toMatch(/^ {2}migrate\s{2,}the same as copy/m);
    const help = await box.expectRun(['migrate', '--help']);
    expect(help.stdout).toMatch(/^Usage: steadystate migrate --from SPEC --to SPEC/);
    expect(help.stdout).toContain('migrate is another name for copy');
    expect(help.stdout).toMatch(/sqlite\s+\.steadystate\.db/);
    expect((await box.expectRun(['copy', '--help'])).stdout).toContain('migrate is another name for copy');

    await box.expectRun(['save', 'a', '1']);
    await box.expectRun(['checkpoint', 'c']);
    const json = await box.json(['migrate', '--from', 'json', '--to', 'sqlite']);
    expect(json).toEqual({
      from: 'json:.steadystate#default',
      to: 'sqlite:.steadystate.db#default',
      keys: 1,
      checkpoints: 1,
      verified: true,
    });
    // back into another json folder and namespace, keys only
    await box.expectRun(['migrate', '--from', 'sqlite', '--to', 'json:back#other', '--keys-only']);
    expect(await box.json(['--dir', 'back', '--namespace', 'other', 'keys'])).toEqual(['a']);
    const usage = await box.expectRun(['migrate', '--from', 'json'], 64);
    expect(usage.stderr).toBe(
      'steadystate: expected --from SPEC and --to SPEC, found no --to (see: steadystate migrate --help)\n',
    );
  });

  it('refuses location options, whose place is the SPEC (exit 64)', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'a', '1']);
    const r = await box.expectRun(['migrate', '--from', 'json', '--to', 'sqlite', '--file', 'state.db'], 64);
    expect(r.stderr).toMatch(
      /^steadystate: expected the location in --from and --to \(like --to sqlite:state\.db\), found --file/,
    );
    expect(existsSync(join(box.cwd, '.steadystate.db'))).toBe(false);
    expect(existsSync(join(box.cwd, 'state.db'))).toBe(false);
    await box.expectRun(['copy', '--backend', 'redis', '--from', 'json', '--to', 'sqlite'], 64);
  });
});

describe('init', () => {
  it('creates the json folder (idempotent), the sqlite file, and says where state lives', async () => {
    const box = sandbox();
    expect(await box.json(['init'])).toEqual({
      backend: 'json',
      namespace: 'default',
      spec: 'json:.steadystate#default',
      keys: 0,
    });
    expect(statSync(join(box.cwd, '.steadystate')).isDirectory()).toBe(true);
    await box.expectRun(['init']);
    expect(readdirSync(join(box.cwd, '.steadystate'))).toEqual([]);

    await box.expectRun(['--dir', 'nested/state', '--namespace', 'w', 'init']);
    expect(statSync(join(box.cwd, 'nested', 'state')).isDirectory()).toBe(true);
    await box.expectRun(['init', '--file', 'db/state.db']);
    expect(statSync(join(box.cwd, 'db', 'state.db')).isFile()).toBe(true);
    // the store works afterwards
    await box.expectRun(['--dir', 'nested/state', '--namespace', 'w', 'save', 'a', '1']);
    expect(await box.json(['--dir', 'nested/state', '--namespace', 'w', 'init'])).toMatchObject({ keys: 1 });
  });
});
