import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { fixture, hookArgs, sandbox } from './helpers.js';

const guardrailsLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('guardrails:'));

describe('guardrails never blocks the agent because of its own faults', () => {
  it('repairs a corrupt state file: the command runs, one stderr line, the corrupt copy moved aside', async () => {
    const box = sandbox();
    mkdirSync(box.stateDir, { recursive: true });
    writeFileSync(join(box.stateDir, 'state.json'), '{"hooks": {"lint": {"state": "op');
    const r = await box.guardrails(hookArgs('lint', 0, box.marker));
    expect(r.code).toBe(0);
    expect(box.runs()).toBe(1);
    const lines = guardrailsLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('was corrupt');
    const state = box.state();
    expect(state.schemaVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(state.hooks.lint).toMatchObject({ state: 'closed', success_count: 1 });
    expect(readdirSync(box.stateDir).filter((f) => f.includes('corrupt'))).toHaveLength(1);
  });

  it('runs unguarded with one stderr line naming the file and key of a bad config', async () => {
    const box = sandbox();
    const project = join(box.home, 'project');
    mkdirSync(join(project, '.claude'), { recursive: true });
    const file = join(project, '.claude', 'guardrails.json');
    writeFileSync(file, JSON.stringify({ hooks: { lint: { cooldownSeconds: -5 } } }));
    const r = await box.guardrails(hookArgs('lint', 1, box.marker, 'lint failed'), {
      env: { CLAUDE_PROJECT_DIR: project },
    });
    expect(r.code).toBe(1);
    expect(box.runs()).toBe(1);
    expect(guardrailsLines(r.stderr)).toEqual([
      `guardrails: running lint unguarded: expected hooks.lint.cooldownSeconds in ${file} to be a number of seconds > 0, found -5`,
    ]);
    expect(existsSync(join(box.stateDir, 'state.json'))).toBe(false);
  });

  it('runs unguarded when the state directory cannot be created', async () => {
    const box = sandbox();
    const blocker = join(box.home, 'a-file');
    writeFileSync(blocker, '');
    const r = await box.guardrails(hookArgs('lint', 3, box.marker), {
      env: { GUARDRAILS_STATE_DIR: join(blocker, 'state') },
    });
    expect(r.code).toBe(3);
    expect(box.runs()).toBe(1);
    const lines = guardrailsLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^guardrails: running lint unguarded: .*(ENOTDIR|not a directory)/);
  });

  it('runs a closed hook when another process holds the state lock, and says its result was not recorded', async () => {
    const box = sandbox();
    await box.guardrails(hookArgs('lint', 0, box.marker)); // closed, with a state file
    const holder = spawnNode(fixture('lock-holder.mjs'), [join(box.stateDir, 'state.json')]);
    try {
      const lines = createInterface({ input: holder.stdout! });
      await new Promise<void>((resolve, reject) => {
        lines.once('line', (line) =>
          JSON.parse(line).event === 'held' ? resolve() : reject(new Error(line)),
        );
        holder.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const started = Date.now();
      const r = await box.guardrails(hookArgs('lint', 3, box.marker, 'lint failed'));
      const elapsed = Date.now() - started;
      expect(r.code).toBe(3);
      expect(box.runs()).toBe(2);
      expect(guardrailsLines(r.stderr)).toEqual([
        expect.stringMatching(/^guardrails: ran lint unguarded: its result could not be recorded: .*lock/),
      ]);
      expect(r.stderr).toContain('lint failed\n'); // the command's own stderr passed through
      // the lock wait is bounded (5 s), plus node start-ups
      expect(elapsed).toBeGreaterThanOrEqual(4_500);
      expect(elapsed).toBeLessThan(9_000);
    } finally {
      holder.stdin?.end('release\n');
      await new Promise((resolve) =>
        holder.exitCode === null ? holder.once('exit', resolve) : resolve(null),
      );
    }
    // nothing recorded while the lock was held: still one success, no failure
    expect(box.state().hooks.lint).toMatchObject({ state: 'closed', success_count: 1, failure_count: 0 });
  }, 20_000);

  it('creates a missing nested state folder with mode 0700 on the first run', async () => {
    const box = sandbox();
    const dir = join(box.home, 'nested', 'deeper', 'state');
    const r = await box.guardrails(hookArgs('lint', 0, box.marker), { env: { GUARDRAILS_STATE_DIR: dir } });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    }
  });

  it('always runs an excluded hook, unguarded and silently', async () => {
    const box = sandbox();
    mkdirSync(join(box.home, '.claude'), { recursive: true });
    writeFileSync(join(box.home, '.claude', 'guardrails.json'), JSON.stringify({ exclude: ['notify'] }));
    for (let i = 0; i < 5; i++) {
      const r = await box.guardrails(hookArgs('notify', 1, box.marker, 'down'));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('down\n');
      expect(r.stdout).toBe('');
    }
    expect(box.runs()).toBe(5);
    expect(existsSync(join(box.stateDir, 'state.json'))).toBe(false);
  });
});
