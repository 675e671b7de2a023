import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookArgs, sandbox } from './helpers.js';

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
