import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, hookArgs, sandbox } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('guardrails run (built bin, real processes)', () => {
  it('fails 3 times, then skips the 4th call with valid hook JSON and does not run the command', async () => {
    const box = sandbox();
    for (let i = 1; i <= 3; i++) {
      const r = await box.guardrails(hookArgs('lint', 1, box.marker, `lint: eslint crashed (${i})`));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`lint: eslint crashed (${i})\n`);
    }
    const skipped = await box.guardrails(hookArgs('lint', 1, box.marker, 'lint: eslint crashed (4)'));
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe('');
    expect(box.runs()).toBe(3);
    const json = JSON.parse(skipped.stdout);
    expect(Object.keys(json).sort()).toEqual(['suppressOutput', 'systemMessage']);
    expect(json.systemMessage).toContain('skipped hook "lint"');
    expect(json.systemMessage).toContain('open after 3 consecutive failures');
    expect(json.systemMessage).toContain('last error: exit 1: lint: eslint crashed (3)');
    // 300 s cooldown with +/-10% jitter
    expect(json.systemMessage).toMatch(/Next try at \d\d:\d\d:\d\d \(in [45]m( \d+s)?\)\./);
    expect(json.systemMessage).toContain('guardrails reset lint');
    const state = box.state();
    expect(state.hooks.lint).toMatchObject({
      state: 'open',
      failure_count: 3,
      last_error: 'exit 1: lint: eslint crashed (3)',
    });
  });

  it("passes stderr through; records a failing hook's last stderr line from its second failure in a row", async () => {
    const box = sandbox();
    const ok = await box.guardrails(hookArgs('lint', 0, box.marker, 'lint: 2 warnings'));
    expect([ok.code, ok.stderr]).toEqual([0, 'lint: 2 warnings\n']); // healthy: fd 2 inherited
    const first = await box.guardrails(hookArgs('lint', 1, box.marker, 'lint: eslint crashed (1)'));
    expect([first.code, first.stderr]).toEqual([1, 'lint: eslint crashed (1)\n']);
    expect(box.state().hooks.lint).toMatchObject({ consecutive_failures: 1, last_error: 'exit 1' });
    const second = await box.guardrails(hookArgs('lint', 1, box.marker, 'lint: eslint crashed (2)'));
    expect([second.code, second.stderr]).toEqual([1, 'lint: eslint crashed (2)\n']); // now teed
    expect(box.state().hooks.lint).toMatchObject({
      consecutive_failures: 2,
      last_error: 'exit 1: lint: eslint crashed (2)',
    });
  });

  it('passes a deliberate block (exit 2) through without counting it', async () => {
    const box = sandbox();
    for (let i = 0; i < 4; i++) {
      const r = await box.guardrails(hookArgs('guard', 2, box.marker, 'blocked: rm -rf /'));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('blocked: rm -rf /\n');
    }
    expect(box.runs()).toBe(4);
    expect(box.state().hooks.guard).toMatchObject({
      state: 'closed',
      failure_count: 0,
      consecutive_failures: 0,
      success_count: 0,
      consecutive_successes: 0,
      last_success: null,
    });
    expect(box.state().global_stats).toMatchObject({ total_executions: 0, total_failures: 0 });
    // nor does it break a run of failures, as a success would: fail, fail, block, fail opens
    for (const code of [1, 1, 2, 1]) await box.guardrails(hookArgs('guard', code, box.marker, 'x'));
    expect(box.state().hooks.guard).toMatchObject({ state: 'open', failure_count: 3, success_count: 0 });
  });

  it('a deliberate block (exit 2) as the half-open trial leaves the hook half-open and frees the trial slot', async () => {
    const box = sandbox();
    for (let i = 0; i < 3; i++) await box.guardrails(hookArgs('guard', 1, box.marker, 'down'));
    expect((await box.guardrails(['half-open', 'guard'])).code).toBe(0); // no waiting for the cooldown
    const trial = await box.guardrails(hookArgs('guard', 2, box.marker, 'blocked: rm -rf /'));
    expect([trial.code, trial.stdout, trial.stderr]).toEqual([2, '', 'blocked: rm -rf /\n']);
    expect(box.runs()).toBe(4);
    expect(box.state().hooks.guard).toMatchObject({
      state: 'half_open',
      trials: [],
      trial_successes: 0,
      failure_count: 3,
      success_count: 0,
    });
    // the slot is free: the next call runs as the trial instead of being skipped for another's
    const next = await box.guardrails(hookArgs('guard', 0, box.marker));
    expect([next.code, next.stdout]).toEqual([0, '']);
    expect(box.runs()).toBe(5);
    expect(box.state().hooks.guard).toMatchObject({
      state: 'half_open',
      trial_successes: 1,
      success_count: 1,
    });
  });

  it('passes 1 MB of random stdin to the command byte for byte and its stdout back', async () => {
    const box = sandbox();
    const input = randomBytes(1024 * 1024);
    const r = await box.guardrails(['run', '--', process.execPath, fixture('stdin-hash.mjs')], { input });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      sha256: createHash('sha256').update(input).digest('hex'),
      bytes: input.length,
    });
    expect(box.state().hooks['stdin-hash']).toMatchObject({ state: 'closed', success_count: 1 });
  });

  it('counts exactly 16 failures from 16 parallel calls', async () => {
    const box = sandbox({ GUARDRAILS_FAILURE_THRESHOLD: '100' });
    const results = await Promise.all(
      Array.from({ length: 16 }, () => box.guardrails(hookArgs('par', 1, box.marker, 'nope'))),
    );
    expect(results.map((r) => r.code)).toEqual(Array(16).fill(1));
    expect(results.filter((r) => r.stderr.includes('guardrails:'))).toEqual([]);
    expect(box.state().hooks.par).toMatchObject({
      failure_count: 16,
      consecutive_failures: 16,
      state: 'closed',
    });
    expect(box.state().global_stats).toMatchObject({ total_failures: 16, total_executions: 16 });
  });

  it('lets exactly one of 20 parallel calls run the trial after the cooldown', async () => {
    const box = sandbox({ GUARDRAILS_COOLDOWN_SECONDS: '0.3' });
    for (let i = 0; i < 3; i++) await box.guardrails(hookArgs('trial', 1, undefined, 'down'));
    expect(box.state().hooks.trial?.state).toBe('open');
    await sleep(600); // past the cooldown and its 10% jitter
    const release = join(box.home, 'release');
    const calls = Array.from({ length: 20 }, () =>
      box.guardrails(hookArgs('trial', 0, box.marker, undefined, release)),
    );
    // the trial waits for `release`: every other call must be decided while it runs
    const settled: number[] = [];
    for (const [i, p] of calls.entries()) void p.then(() => settled.push(i));
    while (settled.length < 19) await sleep(50);
    writeFileSync(release, '');
    const results = await Promise.all(calls);
    expect(box.runs()).toBe(1);
    const skipped = results.filter((r) => r.code === 0 && r.stdout.includes('systemMessage'));
    expect(skipped).toHaveLength(19);
    expect(JSON.parse(skipped[0]?.stdout ?? '{}').systemMessage).toContain('testing it in another process');
    expect(box.state().hooks.trial).toMatchObject({ state: 'half_open' });
  });

  it('with --on-open block exits 2 with the reason on stderr and nothing on stdout', async () => {
    const box = sandbox();
    for (let i = 0; i < 3; i++) await box.guardrails(hookArgs('strict', 1, box.marker, 'bad'));
    const r = await box.guardrails([
      'run',
      '--on-open',
      'block',
      ...hookArgs('strict', 1, box.marker, 'bad').slice(1),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^guardrails: blocked: hook "strict": its circuit breaker is open after 3 consecutive failures/,
    );
    expect(r.stderr).toContain('guardrails reset strict');
    expect(box.runs()).toBe(3);
  });

  it('runs one argument with shell syntax through /bin/sh and names it after the script', async () => {
    const box = sandbox();
    const line = `"${process.execPath}" "${fixture('hook.mjs')}" 0 "${box.marker}" && echo '{"ok":true}'`;
    const r = await box.guardrails(['run', '--', line]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"ok":true}\n');
    expect(box.runs()).toBe(1);
    expect(Object.keys(box.state().hooks)).toEqual(['hook']);
  });
});
