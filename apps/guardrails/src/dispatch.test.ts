import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { COMMANDS, dispatch } from './dispatch.js';
import { testContext } from './test-context.js';

describe('dispatch', () => {
  it('lists every command in the usage and exits 0 for --help', async () => {
    const { ctx, out } = testContext();
    expect(await dispatch(['--help'], ctx)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(out.stdout).toContain(`  ${name} `);
    expect(out.stdout).toContain('124  run: the command timed out');
  });

  it('exits 64 with usage on stderr for an unknown command or none', async () => {
    const a = testContext();
    expect(await dispatch(['nope'], a.ctx)).toBe(64);
    expect(a.out.stdout).toBe('');
    expect(a.out.stderr).toMatch(/^guardrails: unknown command "nope"/);
    const b = testContext();
    expect(await dispatch([], b.ctx)).toBe(64);
    expect(b.out.stderr).toContain('Usage: guardrails <command>');
  });

  it('exits 64 naming the unknown command for `help <unknown>`, as for `<unknown>`', async () => {
    const a = testContext();
    expect(await dispatch(['help', 'nosuch'], a.ctx)).toBe(64);
    expect(a.out.stdout).toBe('');
    expect(a.out.stderr).toMatch(/^guardrails: unknown command "nosuch": expected one of run, status, /);
    expect(a.out.stderr).toContain('Usage: guardrails <command>');
    const b = testContext();
    expect(await dispatch(['help', '__proto__'], b.ctx)).toBe(64);
    const c = testContext();
    expect(await dispatch(['help'], c.ctx)).toBe(0);
    expect(c.out.stdout).toContain('Usage: guardrails <command>');
    const d = testContext();
    expect(await dispatch(['help', '--help'], d.ctx)).toBe(0);
  });

  it("leaves a --help after run's command (no --) to the command", async () => {
    const home = tempDir();
    const c = testContext({ HOME: home, GUARDRAILS_STATE_DIR: home });
    expect(await dispatch(['run', 'guardrails-missing-xyz', '--help'], c.ctx)).toBe(127);
    expect(c.out.stdout).not.toContain('Usage: guardrails run');
    const d = testContext();
    expect(await dispatch(['run', '--name', 'x', '-h', 'node'], d.ctx)).toBe(0);
    expect(d.out.stdout).toMatch(/^Usage: guardrails run /);
  });

  it('gives each command its own help, also as `help <command>`, but not for words after --', async () => {
    const a = testContext();
    expect(await dispatch(['run', '--help'], a.ctx)).toBe(0);
    expect(a.out.stdout).toMatch(/^Usage: guardrails run /);
    const b = testContext();
    expect(await dispatch(['help', 'demo'], b.ctx)).toBe(0);
    expect(b.out.stdout).toMatch(/^Usage: guardrails demo/);
    const home = tempDir();
    const c = testContext({ HOME: home, GUARDRAILS_STATE_DIR: home });
    // `--help` after `--` belongs to the hook command: run must not print its own help
    expect(await dispatch(['run', '--', 'guardrails-missing-xyz', '--help'], c.ctx)).not.toBe(0);
    expect(c.out.stdout).not.toContain('Usage: guardrails run');
  });

  it('every command module exports main and help', async () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      const mod = await command.load();
      expect(typeof mod.main, name).toBe('function');
      expect(mod.help, name).toMatch(new RegExp(`^Usage: guardrails ${name}`));
    }
  });
});
