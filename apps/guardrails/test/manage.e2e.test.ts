import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookArgs, sandbox } from './helpers.js';

/** A sandbox where `lint` failed 3 times (open, last error "boom") and `fmt` succeeded once. */
async function prepared() {
  const box = sandbox();
  for (let i = 0; i < 3; i++) await box.guardrails(hookArgs('lint', 1, box.marker, 'boom'));
  await box.guardrails(hookArgs('fmt', 0, box.marker));
  expect(box.runs()).toBe(4);
  return box;
}

describe('status, log, reset, disable, enable, open through the bin', () => {
  it('says so when nothing is recorded yet', async () => {
    const box = sandbox();
    const status = await box.guardrails(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('No hooks recorded yet');
    const json = JSON.parse((await box.guardrails(['status', '--json'])).stdout);
    expect(json.breakers).toEqual([]);
    const hook = await box.guardrails(['status', '--hook-json']);
    expect([hook.code, hook.stdout]).toEqual([0, '']);
    expect((await box.guardrails(['log'])).stdout).toContain('No transitions recorded yet');
    expect((await box.guardrails(['reset', '--all'])).stdout).toContain('nothing to reset');
  });

  it('shows each hook with its state, failures, last error and retry, plus totals', async () => {
    const box = await prepared();
    const r = await box.guardrails(['status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.includes('\u001b[')).toBe(false);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOOK\s+STATE\s+FAILURES\s+LAST ERROR\s+RETRY IN$/);
    expect(lines.find((l) => l.startsWith('lint'))).toMatch(/^lint\s+open\s+3\s+.*boom.*\s+\d+m( \d+s)?$/);
    expect(lines.find((l) => l.startsWith('fmt'))).toMatch(/^fmt\s+closed\s+0\s+-\s+-$/);
    expect(r.stdout).toContain(
      '2 hooks, 1 open, 0 half-open, 0 forced open, 0 disabled. Runs recorded: 4, failures: 3.',
    );
    expect(r.stdout).toContain(`State: ${join(box.stateDir, 'state.json')}`);

    const json = JSON.parse((await box.guardrails(['status', '--json'])).stdout);
    expect(json.breakers.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([
      ['fmt', 'closed'],
      ['lint', 'open'],
    ]);
    expect(json.totals).toMatchObject({ totalExecutions: 4, totalFailures: 3, open: 1 });
  });

  it('--hook-json gives Claude Code a systemMessage only while a hook is paused', async () => {
    const box = await prepared();
    const r = await box.guardrails(['status', '--hook-json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['systemMessage']);
    expect(out.systemMessage).toMatch(
      /^guardrails: 1 hook is paused\.\nlint: 3 failures in a row, last error: .*boom/,
    );
    await box.guardrails(['reset', 'lint']);
    const after = await box.guardrails(['status', '--hook-json']);
    expect([after.code, after.stdout]).toEqual([0, '']);
  });

  it('logs transitions newest last, filtered by hook and count', async () => {
    const box = await prepared();
    await box.guardrails(['reset', 'lint']);
    const r = await box.guardrails(['log']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}lint {2}opened\s+closed -> open/);
    expect(lines.at(-1)).toMatch(/^\d\d:\d\d:\d\d {2}lint {2}reset\s+open -> closed/);
    const json = JSON.parse((await box.guardrails(['log', '--json', '-n', '1'])).stdout);
    expect(json).toEqual([expect.objectContaining({ hook: 'lint', type: 'reset', to: 'closed' })]);
    expect((await box.guardrails(['log', '--hook', 'fmt'])).stdout).toContain(
      'No transitions recorded for fmt',
    );
    const bad = await box.guardrails(['log', '-n', 'many']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('expected -n to be a whole number, found "many"');
  });

  it('rejects an unknown hook with the list of known ones (exit 1) and a missing NAME (exit 64)', async () => {
    const box = await prepared();
    for (const command of ['reset', 'disable', 'enable', 'open', 'half-open']) {
      const r = await box.guardrails([command, 'nope']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('guardrails: expected one of: fmt, lint; found "nope"\n');
      const usage = await box.guardrails([command]);
      expect(usage.code).toBe(64);
    }
  });

  it('disable lets a failing hook run and only records it; enable guards it again', async () => {
    const box = await prepared();
    expect((await box.guardrails(['disable', 'lint'])).code).toBe(0);
    for (let i = 0; i < 4; i++) await box.guardrails(hookArgs('lint', 1, box.marker, 'still broken'));
    expect(box.runs()).toBe(8);
    expect((await box.guardrails(['status'])).stdout).toMatch(/\nlint\s+disabled\s+7 /);
    const enable = await box.guardrails(['enable', 'lint']);
    expect(enable.stdout).toContain('lint: enabled');
    expect(box.state().hooks.lint?.state).toBe('closed');
    expect((await box.guardrails(['enable', 'lint'])).stdout).toContain('lint: not disabled (closed)');
  });

  it('half-open sends an open hook to half-open: the next run is the trial', async () => {
    const box = await prepared();
    const r = await box.guardrails(['half-open', 'lint']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('lint: half-open (was open): its next run is the trial\n');
    expect(box.state().hooks.lint?.state).toBe('half_open');
    // the trial fails: open again, with the next (longer) cooldown
    await box.guardrails(hookArgs('lint', 1, box.marker, 'still broken'));
    expect(box.runs()).toBe(5);
    const reopened = box.state().hooks.lint;
    expect(reopened).toMatchObject({ state: 'open', open_count: 2, last_error: 'exit 1: still broken' });
    // 300 s * backoffFactor 2 = 600 s, +/- 10% jitter (the first open was 300 s +/- 10%)
    const cooldown = Date.parse(reopened?.retry_after as string) - Date.parse(reopened?.updated_at as string);
    expect(cooldown).toBeGreaterThanOrEqual(540_000);
    await box.guardrails(hookArgs('lint', 0, box.marker));
    expect(box.runs()).toBe(5); // open: skipped

    const json = await box.guardrails(['half-open', 'lint', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ hook: 'lint', before: 'open', after: 'half_open' });
    // the trial succeeds (successThreshold 2 by default): closed
    await box.guardrails(hookArgs('lint', 0, box.marker));
    await box.guardrails(hookArgs('lint', 0, box.marker));
    expect(box.runs()).toBe(7);
    expect(box.state().hooks.lint?.state).toBe('closed');
    expect((await box.guardrails(['half-open', 'lint'])).stdout).toBe(
      'lint: not open (closed); left as it is\n',
    );
    expect((await box.guardrails(['log'])).stdout).toContain('half-opened    open -> half-open  (manual)');
  });

  it('open pauses a hook by hand until reset; reset --all closes everything', async () => {
    const box = await prepared();
    const open = await box.guardrails(['open', 'fmt', '--for', '600', '--reason', 'flaky network']);
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toContain('fmt: forced open for 10m');
    await box.guardrails(hookArgs('fmt', 0, box.marker));
    expect(box.runs()).toBe(4);
    const hook = JSON.parse((await box.guardrails(['status', '--hook-json'])).stdout);
    expect(hook.systemMessage).toContain('guardrails: 2 hooks are paused.');
    expect(hook.systemMessage).toContain('fmt: paused by hand (flaky network)');
    const reset = await box.guardrails(['reset', '--all']);
    expect(reset.stdout).toContain('fmt: reset to closed (was forced-open');
    expect(reset.stdout).toContain('lint: reset to closed (was open, 3 failure(s) cleared)');
    expect(JSON.parse((await box.guardrails(['status', '--json'])).stdout).totals).toMatchObject({
      open: 0,
      forcedOpen: 0,
    });
    const bad = await box.guardrails(['open', 'fmt', '--for', 'soon']);
    expect(bad.code).toBe(64);
  });

  it('knows hooks that install wrapped but that never ran', async () => {
    const box = sandbox();
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    writeFileSync(
      join(box.home, '.claude', 'settings.json'),
      JSON.stringify({
        hooks: {
          Stop: [{ hooks: [{ type: 'command', command: "guardrails run --name typecheck -- 'tsc'" }] }],
        },
      }),
    );
    const r = await box.guardrails(['disable', 'typecheck']);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(box.state().hooks.typecheck?.state).toBe('disabled');
  });
});

describe('config through the bin', () => {
  it('shows each value with where it came from, and the files looked at', async () => {
    const box = sandbox({ GUARDRAILS_COOLDOWN_SECONDS: '90' });
    const project = join(box.home, '.claude', 'guardrails.json');
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    writeFileSync(
      project,
      JSON.stringify({
        defaults: { failureThreshold: 5 },
        hooks: { lint: { onOpen: 'block' } },
        exclude: ['fmt'],
      }),
    );
    const r = await box.guardrails(['config']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  ${project}  (read)`);
    expect(r.stdout).toMatch(/failureThreshold\s+5\s+.*guardrails\.json/);
    expect(r.stdout).toMatch(/cooldownSeconds\s+90\s+env:GUARDRAILS_COOLDOWN_SECONDS/);
    expect(r.stdout).toMatch(/successThreshold\s+2\s+default/);
    expect(r.stdout).toMatch(/Hook lint:[\s\S]*onOpen\s+"block"/);
    expect(r.stdout).toContain('Excluded (always run unguarded): fmt');
    expect(r.stdout).toContain(`State directory: ${box.stateDir}  (from $GUARDRAILS_STATE_DIR)`);
    const json = JSON.parse((await box.guardrails(['config', '--json'])).stdout);
    expect(json.defaults.cooldownSeconds).toEqual({ value: 90, source: 'env:GUARDRAILS_COOLDOWN_SECONDS' });
    expect(json.hooks.lint.onOpen).toEqual({ value: 'block', source: project });
    expect(json.files).toEqual([{ path: project, found: true }]);
  });

  it('names the file and key of an invalid config, exit 1', async () => {
    const box = sandbox();
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    writeFileSync(join(box.home, '.claude', 'guardrails.json'), '{"defaults": {"failureThreshold": 0}}');
    const r = await box.guardrails(['config']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^guardrails: expected defaults\.failureThreshold in .*guardrails\.json to be an integer >= 1/,
    );
  });
});

describe('import of a seed-000 hook_state.json through the bin', () => {
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const legacy = {
    hooks: {
      'python3 ~/.claude/hooks/validate.py': {
        state: 'open',
        failure_count: 7,
        consecutive_failures: 3,
        consecutive_successes: 0,
        first_failure: '2026-02-10T10:00:00+00:00',
        last_failure: '2026-02-10T10:05:00+00:00',
        last_success: null,
        last_error: 'Traceback: ModuleNotFoundError',
        disabled_at: '2026-02-10T10:05:00+00:00',
        retry_after: future,
      },
      'npm run lint': {
        state: 'closed',
        failure_count: 1,
        consecutive_failures: 0,
        consecutive_successes: 4,
      },
    },
    global_stats: {
      total_executions: 40,
      total_failures: 8,
      hooks_disabled: 1,
      last_updated: '2026-02-10T10:05:00+00:00',
    },
  };

  it('imports states and counts, leaves the legacy file untouched, and skips on a second run', async () => {
    const box = sandbox();
    const file = join(box.home, '.claude', 'hook_state.json');
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    const text = `${JSON.stringify(legacy, null, 2)}\n`;
    writeFileSync(file, text);
    const r = await box.guardrails(['import']);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /imported +validate +<- python3 ~\/.claude\/hooks\/validate\.py {2}\(open, 7 failure\(s\), retry /,
    );
    expect(r.stdout).toMatch(/imported +lint +<- npm run lint {2}\(closed, 1 failure\(s\)\)/);
    expect(r.stdout).toContain('2 imported, 0 replaced, 0 skipped');
    expect(readFileSync(file, 'utf8')).toBe(text);
    const status = JSON.parse((await box.guardrails(['status', '--json'])).stdout);
    expect(status.breakers).toEqual([
      expect.objectContaining({ name: 'lint', status: 'closed', failureCount: 1 }),
      expect.objectContaining({
        name: 'validate',
        status: 'open',
        failureCount: 7,
        consecutiveFailures: 3,
        lastError: 'Traceback: ModuleNotFoundError',
        retryAt: Date.parse(future),
      }),
    ]);
    const again = await box.guardrails(['import']);
    expect(again.stdout).toContain('0 imported, 0 replaced, 2 skipped');
    const replaced = await box.guardrails(['import', '--overwrite']);
    expect(replaced.stdout).toContain('0 imported, 2 replaced, 0 skipped');
  });

  it('uses the name install gave the command, and --dry-run changes nothing', async () => {
    const box = sandbox();
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    writeFileSync(join(box.home, 'old.json'), JSON.stringify(legacy));
    writeFileSync(
      join(box.home, '.claude', 'settings.json'),
      JSON.stringify({
        hooks: {
          Stop: [
            {
              hooks: [
                {
                  type: 'command',
                  command: "guardrails run --name py-check -- 'python3 ~/.claude/hooks/validate.py'",
                },
              ],
            },
          ],
        },
      }),
    );
    const r = await box.guardrails(['import', '--from', 'old.json', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/imported +py-check +<- python3/);
    expect(r.stdout).toContain('Dry run: 2 imported, 0 replaced, 0 skipped; nothing changed.');
    expect(JSON.parse((await box.guardrails(['status', '--json'])).stdout).breakers).toEqual([]);
  });

  it('refuses a missing file or a guardrails state file, exit 1', async () => {
    const box = sandbox();
    const missing = await box.guardrails(['import']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `expected a legacy state file at ${join(box.home, '.claude', 'hook_state.json')}`,
    );
    writeFileSync(join(box.home, 'new.json'), JSON.stringify({ schemaVersion: '1.0.0', hooks: {} }));
    const current = await box.guardrails(['import', '--from', 'new.json']);
    expect(current.code).toBe(1);
    expect(current.stderr).toContain('found a guardrails state file (schemaVersion 1.0.0)');
  });
});

describe('--help of the management commands', () => {
  it.each(['status', 'reset', 'disable', 'enable', 'open', 'half-open', 'log', 'config', 'import'])(
    '%s --help',
    async (command) => {
      const r = await sandbox().guardrails([command, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: guardrails ${command}`);
    },
  );
});
