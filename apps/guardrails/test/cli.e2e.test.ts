import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

describe('guardrails CLI', () => {
  it('prints usage with every command and the exit codes', async () => {
    const r = await sandbox().guardrails(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['run', 'status', 'reset', 'install', 'demo', '124', '127', '64'])
      expect(r.stdout).toContain(word);
  });

  it('rejects an unknown command with usage on stderr, exit 64', async () => {
    const r = await sandbox().guardrails(['frobnicate']);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage: guardrails <command>');
  });

  it('prints the help of run and demo, and the version', async () => {
    const box = sandbox();
    const run = await box.guardrails(['run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Usage: guardrails run [--name NAME] [--timeout SEC] [--on-open skip|block] [--] <command...>',
    );
    const demo = await box.guardrails(['demo', '--help']);
    expect(demo.stdout).toContain('Usage: guardrails demo');
    const version = await box.guardrails(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('says a run without a command is a usage error, exit 64', async () => {
    const r = await sandbox().guardrails(['run', '--name', 'x']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('expected a command after --');
  });

  // a generous cooldown: on a loaded machine three runs can take longer than the default 2 s
  it('runs the demo end to end on a throwaway folder, without colour when NO_COLOR is set', async () => {
    const r = await sandbox().guardrails(['demo', '--cooldown', '4']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.includes('\u001b[')).toBe(false);
    expect(r.stdout).toContain('"systemMessage": "guardrails: skipped hook \\"lint-check\\"');
    expect(r.stdout).toContain('breaker: open (3 consecutive failures');
    expect(r.stdout).toContain('breaker: half_open (1 of 2 trial successes)');
    expect(r.stdout).toMatch(/breaker: closed/);
    expect(r.stdout).toContain('Done:');
    const folder = /throwaway state in (\S+)\/state;/.exec(r.stdout)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder as string)).toBe(false);
  });
});
