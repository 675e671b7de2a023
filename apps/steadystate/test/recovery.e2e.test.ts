import { join } from 'node:path';
import { StateManager } from '@steadystate/checkpoint';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

type Box = ReturnType<typeof sandbox>;

const MIN = 60_000;

/** What `session --json` prints. */
interface SessionJson {
  session: string;
  status: string;
  lastBeatAt: number;
  lastBeat: string;
  ageMs: number;
  maxAgeMs: number;
  stale: boolean;
  needsRecovery: boolean;
}

/**
 * A heartbeat written `agoMs` in the past, in the box's json store (namespace "default"):
 * the CLI has no fake clock, so the library writes it with one. `legacy` stores the record
 * of earlier versions instead (the bare time). Returns the beat's time.
 */
async function beatInThePast(
  box: Box,
  session: string,
  agoMs: number,
  opts: { status?: 'active' | 'paused' | 'completed' | 'error'; legacy?: boolean } = {},
): Promise<number> {
  const at = Date.now() - agoMs;
  const manager = await StateManager.open({
    backend: 'json',
    dir: join(box.cwd, '.steadystate'),
    namespace: 'default',
    clock: { now: () => at },
  });
  try {
    if (opts.legacy) await manager.backend.setMeta('default', `heartbeat:${session}`, at);
    else await manager.heartbeat(session, { status: opts.status });
  } finally {
    await manager.close();
  }
  return at;
}

/** The `session` text, line by line, as `{ label: value }`. */
function fields(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => {
        const [label, ...rest] = line.split(':');
        return [label as string, rest.join(':').trim()];
      }),
  );
}

/**
 * Seed 003's flow through the bin: a run beats `active`; time passes with no beat (a
 * `--max-age` of 1ms: the next process starts well over a millisecond later); the next
 * start sees an active, stale session that needs recovery; the recovered run shuts down
 * with `--status completed`; then no recovery is needed.
 */
async function seedFlow(box: Box): Promise<void> {
  const never = await box.expectRun(['session'], 4);
  expect(never.stdout).toBe('');
  expect(never.stderr).toMatch(
    /^steadystate: expected a heartbeat of session "default" in namespace "\S+", found none/,
  );

  expect((await box.expectRun(['heartbeat'])).stdout).toBe(
    'Heartbeat recorded for session default (active)\n',
  );
  const fresh = fields((await box.expectRun(['session'])).stdout);
  expect(fresh).toMatchObject({
    session: 'default',
    status: 'active',
    stale: 'no (a heartbeat within 10m)',
    recovery: 'not needed (active, with a heartbeat within 10m)',
  });
  expect(fresh['last beat']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(fresh.age).toMatch(/^(\d+ms|\d+(\.\d)?s)$/);

  // time passes, no heartbeat: the run crashed while active
  const crashed = await box.expectRun(['session', '--max-age', '1ms']);
  expect(fields(crashed.stdout)).toMatchObject({
    status: 'active',
    stale: 'yes (no heartbeat within 1ms)',
    recovery: 'needed (active, but no heartbeat within 1ms: the last run stopped without completing)',
  });
  const crashedJson = await box.json<SessionJson>(['session', '--max-age', '1ms']);
  expect(crashedJson).toMatchObject({
    session: 'default',
    status: 'active',
    maxAgeMs: 1,
    stale: true,
    needsRecovery: true,
  });
  expect(crashedJson.lastBeat).toBe(new Date(crashedJson.lastBeatAt).toISOString());
  expect(crashedJson.ageMs).toBeGreaterThan(1);
  expect((await box.expectRun(['stale', '1ms'], 0)).stdout).toBe(
    'stale: session default (active) has no heartbeat within 1ms\n',
  );

  // the recovered run works, then shuts down cleanly
  await box.expectRun(['heartbeat']);
  expect(await box.json(['heartbeat', '--status', 'completed'])).toEqual({
    session: 'default',
    status: 'completed',
  });
  const done = await box.expectRun(['session', '--max-age', '1ms']);
  expect(fields(done.stdout)).toMatchObject({
    status: 'completed',
    stale: 'yes (no heartbeat within 1ms)',
    recovery: 'not needed (completed)',
  });
  expect(await box.json<SessionJson>(['session', '--max-age', '1ms'])).toMatchObject({
    status: 'completed',
    stale: true,
    needsRecovery: false,
  });
  // stale keeps its meaning (time only) and its exit codes, and shows the status
  expect((await box.expectRun(['stale', '1ms'], 0)).stdout).toBe(
    'stale: session default (completed) has no heartbeat within 1ms\n',
  );
  expect((await box.expectRun(['stale', '1h'], 2)).stdout).toBe(
    'fresh: session default (completed) had a heartbeat within 1h\n',
  );
}

describe("seed 003's session record through the bin", () => {
  it('json: heartbeat (active), time passes, session shows active and stale, completed, no recovery', async () => {
    await seedFlow(sandbox());
  });

  it('sqlite: the same flow', async () => {
    await seedFlow(sandbox(['--backend', 'sqlite', '--file', 'state.db', '--namespace', 'run-7']));
  });

  it('a run that crashed 20 minutes ago needs recovery with the default max age (10m)', async () => {
    const box = sandbox();
    const at = await beatInThePast(box, 'coordinator', 20 * MIN);
    const text = await box.expectRun(['session', 'coordinator']);
    expect(fields(text.stdout)).toEqual({
      session: 'coordinator',
      status: 'active',
      'last beat': new Date(at).toISOString(),
      age: expect.stringMatching(/^20m( \d+s)?$/),
      stale: 'yes (no heartbeat within 10m)',
      recovery: 'needed (active, but no heartbeat within 10m: the last run stopped without completing)',
    });
    const json = await box.json<SessionJson>(['session', 'coordinator']);
    expect(json).toMatchObject({
      session: 'coordinator',
      status: 'active',
      lastBeatAt: at,
      lastBeat: new Date(at).toISOString(),
      maxAgeMs: 10 * MIN,
      stale: true,
      needsRecovery: true,
    });
    expect(json.ageMs).toBeGreaterThanOrEqual(20 * MIN);
    expect(json.ageMs).toBeLessThan(21 * MIN);
    // a longer --max-age: not stale yet, so not taken for a crash
    expect(await box.json<SessionJson>(['session', 'coordinator', '--max-age', '1h'])).toMatchObject({
      stale: false,
      needsRecovery: false,
    });
    await box.expectRun(['stale', 'coordinator'], 64); // MAXAGE comes first in stale
    expect((await box.expectRun(['stale', '10m', 'coordinator'], 0)).stdout).toBe(
      'stale: session coordinator (active) has no heartbeat within 10m\n',
    );
    // recovered, then completed: nothing to recover, however old the beat gets
    await box.expectRun(['heartbeat', 'coordinator', '--status', 'completed']);
    expect(await box.json<SessionJson>(['session', 'coordinator'])).toMatchObject({
      status: 'completed',
      stale: false,
      needsRecovery: false,
    });
    await beatInThePast(box, 'coordinator', 3 * 60 * MIN, { status: 'completed' });
    expect(await box.json<SessionJson>(['session', 'coordinator'])).toMatchObject({
      status: 'completed',
      stale: true,
      needsRecovery: false,
    });
  });

  it('error needs recovery at once, paused never; a record of earlier versions (a bare time) is active', async () => {
    const box = sandbox();
    expect((await box.expectRun(['heartbeat', 'w', '--status', 'error'])).stdout).toBe(
      'Heartbeat recorded for session w (error)\n',
    );
    expect(fields((await box.expectRun(['session', 'w'])).stdout)).toMatchObject({
      status: 'error',
      stale: 'no (a heartbeat within 10m)',
      recovery: 'needed (the session recorded an error)',
    });
    expect((await box.expectRun(['stale', '1h', 'w'], 2)).stdout).toBe(
      'fresh: session w (error) had a heartbeat within 1h\n',
    );
    await beatInThePast(box, 'w', 60 * MIN, { status: 'paused' });
    expect(fields((await box.expectRun(['session', 'w'])).stdout)).toMatchObject({
      status: 'paused',
      stale: 'yes (no heartbeat within 10m)',
      recovery: 'not needed (paused)',
    });
    const at = await beatInThePast(box, 'legacy', 30 * MIN, { legacy: true });
    expect(await box.json<SessionJson>(['session', 'legacy'])).toMatchObject({
      status: 'active',
      lastBeatAt: at,
      stale: true,
      needsRecovery: true,
    });
    expect((await box.expectRun(['stale', '10m', 'legacy'], 0)).stdout).toBe(
      'stale: session legacy (active) has no heartbeat within 10m\n',
    );
    expect(JSON.parse((await box.expectRun(['stale', '10m', 'nobody', '--json'], 0)).stdout)).toEqual({
      session: 'nobody',
      maxAgeMs: 10 * MIN,
      stale: true,
      status: null,
    });
  });

  it('usage errors exit 64 with one line; a session that never beat exits 4, also with --json', async () => {
    const box = sandbox(['--namespace', 'ns-1']);
    const cases: Array<[string[], RegExp]> = [
      [
        ['heartbeat', '--status', 'done'],
        /^steadystate: expected --status to be one of active, paused, completed, error, found "done" \(see: steadystate heartbeat --help\)$/,
      ],
      [['heartbeat', '--status', 'Active'], /found "Active"/],
      [['heartbeat', '--status'], /^steadystate: expected a value after --status, found nothing/],
      [['heartbeat', 'a', 'b'], /^steadystate: expected \[SESSION\], found "a" "b"/],
      [['session', 'a', 'b'], /^steadystate: expected \[SESSION\], found "a" "b"/],
      [['session', '--max-age', '5'], /^steadystate: expected --max-age like 90s, 30m/],
      [['session', '--max-age'], /^steadystate: expected a value after --max-age, found nothing/],
      [['session', 'a/b'], /^steadystate: expected a valid session name/],
      [['session', '--status', 'active'], /found unknown option "--status"/],
    ];
    for (const [args, pattern] of cases) {
      const r = await box.expectRun(args, 64);
      expect(r.stderr.trimEnd(), args.join(' ')).toMatch(pattern);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    // nothing was recorded by the refused heartbeats
    const missing = await box.expectRun(['session', '--json'], 4);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'steadystate: expected a heartbeat of session "default" in namespace "ns-1", found none (steadystate heartbeat default records one)\n',
    );
    const help = (await box.expectRun(['session', '--help'])).stdout;
    expect(help).toMatch(/^Usage: steadystate \[global options\] session \[SESSION\] \[--max-age DURATION\]/);
    expect(help).toContain('4 the session never had a heartbeat');
    expect((await box.expectRun(['heartbeat', '--help'])).stdout).toMatch(
      /--status STATUS\s+active \(default\).*paused.*completed.*error/s,
    );
    expect((await box.expectRun(['--help'])).stdout).toMatch(/^ {2}session\s{2,}\S/m);
  });
});
