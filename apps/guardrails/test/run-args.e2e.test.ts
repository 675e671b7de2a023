import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, sandbox } from './helpers.js';

const node = process.execPath;
const printArgv = fixture('print-argv.mjs');

describe('guardrails run: where the command starts (built bin)', () => {
  it.each([
    ['without --', ['run', node, printArgv, 'lint', '--', '--fix']],
    ['with --', ['run', '--', node, printArgv, 'lint', '--', '--fix']],
  ])("%s, a -- in the hook arguments is the hook's: the whole command runs, guarded", async (_, args) => {
    const box = sandbox();
    const r = await box.guardrails(args);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual(['lint', '--', '--fix']);
    expect(box.state().hooks['print-argv']).toMatchObject({ state: 'closed', success_count: 1 });
  });

  it.each([
    ['without --', ['run', '--name', 'p', '--timeout', '30', node, printArgv]],
    ['with --', ['run', '--name=p', '--timeout=30', '--', node, printArgv]],
  ])("%s, option-looking words after the command are the command's, --help too", async (_, own) => {
    const box = sandbox();
    const hookArgs = ['--name', 'x', '--timeout', 'soon', '--on-open', 'block', '--help', '-h', '--', '--'];
    const r = await box.guardrails([...own, ...hookArgs]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual(hookArgs);
    expect(Object.keys(box.state().hooks)).toEqual(['p']);
  });

  it('a failing command with -- in its arguments is recorded as itself, not as its tail', async () => {
    const box = sandbox();
    const script = 'console.error(process.argv.slice(1).join(" ")); process.exit(1)';
    const r = await box.guardrails(['run', '--name', 'f', node, '-e', script, '--', 'a', '--', '--fix']);
    expect([r.code, r.stderr]).toEqual([1, 'a -- --fix\n']);
    expect(box.state().hooks.f).toMatchObject({ failure_count: 1, last_error: 'exit 1' });
    expect(Object.keys(box.state().hooks)).toEqual(['f']);
  });

  it('still prints its own help for --help before the command', async () => {
    const box = sandbox();
    const r = await box.guardrails(['run', '--help', node, printArgv]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: guardrails run /);
  });
});

describe('guardrails run: timeouts a timer can keep (built bin)', () => {
  const limit = 'and <= 2147483.647 (2^31-1 ms, about 24.8 days; ';
  // sleeps 1.5 s: killed only by a timeout that fires too early
  const sleeper = [node, '-e', 'setTimeout(() => {}, 1500)'];

  it('refuses --timeout past 2^31-1 ms: the command runs unguarded, to its end, and says why', async () => {
    const box = sandbox();
    const r = await box.guardrails(['run', '--name', 's', '--timeout', '2200000', '--', ...sleeper]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
    expect(r.stderr).toBe(
      `guardrails: running s unguarded: expected --timeout to be a number of seconds >= 0 ${limit}0 = never), found "2200000"\n`,
    );
  });

  it('refuses GUARDRAILS_TIMEOUT_SECONDS past the limit, naming the variable', async () => {
    const box = sandbox({ GUARDRAILS_TIMEOUT_SECONDS: '2200000' });
    const r = await box.guardrails(['run', '--name', 's', '--', ...sleeper]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^guardrails: running s unguarded: expected GUARDRAILS_TIMEOUT_SECONDS in env:/);
    expect(r.stderr).toContain(limit);
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
  });

  it('refuses a config-file timeoutSeconds past the limit, naming the file and the key', async () => {
    const box = sandbox();
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    const file = join(box.home, '.claude', 'guardrails.json');
    writeFileSync(file, JSON.stringify({ hooks: { s: { timeoutSeconds: 2200000 } } }));
    const r = await box.guardrails(['run', '--name', 's', '--', ...sleeper]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`unguarded: expected hooks.s.timeoutSeconds in ${file} to be a number`);
    expect(r.stderr).toContain(limit);
  });

  it('accepts the limit itself, guarded', async () => {
    const box = sandbox();
    const r = await box.guardrails(['run', '--name', 's', '--timeout', '2147483.647', '--', node, '-e', '0']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(box.state().hooks.s).toMatchObject({ success_count: 1 });
  });

  it.each([
    ['--timeout', {}, ['--timeout', '0.0004']],
    ['GUARDRAILS_TIMEOUT_SECONDS', { GUARDRAILS_TIMEOUT_SECONDS: '0.0004' }, []],
  ])('rounds a sub-millisecond %s up to 1 ms instead of "never"', async (_, env, flags) => {
    const box = sandbox(env);
    const r = await box.guardrails(['run', '--name', 's', ...flags, '--', ...sleeper]);
    expect(r.code).toBe(124);
    expect(box.state().hooks.s).toMatchObject({ failure_count: 1, last_error: 'timed out after 0.001s' });
  });
});

describe('durations past 100 years (built bin)', () => {
  it('refuses GUARDRAILS_COOLDOWN_SECONDS=1e13 with a config error instead of losing every result', async () => {
    const box = sandbox({ GUARDRAILS_COOLDOWN_SECONDS: '1e13' });
    const r = await box.guardrails(['run', '--name', 'g', '--', node, '-e', 'process.exit(1)']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'guardrails: running g unguarded: expected GUARDRAILS_COOLDOWN_SECONDS in env:GUARDRAILS_COOLDOWN_SECONDS to be a number of seconds > 0 and <= 3155760000 (100 years), found "1e13"\n',
    );
  });

  it('open --for 1e13 says the limit, not a store failure, and changes nothing', async () => {
    const box = sandbox();
    await box.guardrails(['run', '--name', 'f', '--', node, '-e', 'process.exit(1)']);
    const before = box.state().hooks.f;
    const r = await box.guardrails(['open', 'f', '--for', '1e13']);
    expect(r.code).toBe(64); // a usage error naming the flag and its limit
    expect(r.stderr).toContain('expected --for to be a number of seconds > 0 and <= 3155760000 (100 years)');
    expect(r.stderr).not.toMatch(/ESTOREUNAVAILABLE|Invalid time value/);
    expect(box.state().hooks.f).toEqual(before);
  });
});
