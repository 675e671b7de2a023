import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, sandbox } from './helpers.js';
import { SAMPLES } from './settings-samples.js';

/** A sandbox with `.claude/settings.json` (the default target) holding `text`. */
function project(text?: string) {
  const box = sandbox({ PATH: dirname(process.execPath) });
  const file = join(box.home, '.claude', 'settings.json');
  if (text !== undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const backups = () => readdirSync(dirname(file)).filter((f) => f.includes('.guardrails-backup-'));
  return { ...box, file, backups, read: () => readFileSync(file, 'utf8') };
}

const BIN_FLAG = ['--bin', 'guardrails'];

describe('guardrails install / uninstall through the bin', () => {
  it('wraps the default settings file, backs it up, and uninstall restores it byte for byte', async () => {
    const p = project(SAMPLES.full);
    chmodSync(p.file, 0o640);
    const r = await p.guardrails(['install', ...BIN_FLAG]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Invoking guardrails as: guardrails (as given with --bin)');
    expect(r.stdout).toContain(`Wrapped 8 hook command(s) in ${p.file}`);
    const wrapped = p.read();
    expect(wrapped).toContain(
      `"command": "guardrails run --name protect-files --timeout 27 -- '\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/protect-files.sh'"`,
    );
    expect(statSync(p.file).mode & 0o777).toBe(0o640);
    expect(p.backups()).toHaveLength(1);
    expect(readFileSync(join(dirname(p.file), p.backups()[0] as string), 'utf8')).toBe(SAMPLES.full);

    const again = await p.guardrails(['install', ...BIN_FLAG]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to wrap');
    expect(p.read()).toBe(wrapped);
    expect(p.backups()).toHaveLength(1);

    const un = await p.guardrails(['uninstall']);
    expect(un.code, un.stderr).toBe(0);
    expect(un.stdout).toContain('Restored 8 hook command(s)');
    expect(p.read()).toBe(SAMPLES.full);
    expect(p.backups()).toHaveLength(2);
  });

  it('--dry-run prints a diff and writes nothing', async () => {
    const p = project(SAMPLES.full);
    const r = await p.guardrails(['install', '--dry-run', ...BIN_FLAG]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--- ${p.file}\n+++ ${p.file}\n@@ -`);
    expect(r.stdout).toContain('-            "command": "node .claude/hooks/lint.mjs",');
    expect(r.stdout).toContain(
      `+            "command": "guardrails run --name lint-2 --timeout 115 -- 'node .claude/hooks/lint.mjs'",`,
    );
    expect(r.stdout).toContain('Dry run: would wrap 8 hook commands; nothing written.');
    expect(p.read()).toBe(SAMPLES.full);
    expect(p.backups()).toEqual([]);
    const un = await p.guardrails(['uninstall', '--dry-run']);
    expect(un.stdout).toContain('Dry run: nothing to restore');
  });

  it('runs the wrapped command through the shell exactly as Claude Code would run the original', async () => {
    const p = project();
    const out = join(p.home, 'out.txt');
    const original = `printf '%s|%s\\n' "it's" "$GUARDRAILS_PROBE" > '${out}' && echo 'héllo ✓' | tr a-z A-Z >> '${out}'`;
    writeFileSync(
      join(p.home, 's.json'),
      JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: original, timeout: 20 }] }] } }),
    );
    const r = await p.guardrails(['install', '--settings', 's.json', '--bin', `node '${BIN}'`]);
    expect(r.code, r.stderr).toBe(0);
    const wrapped = JSON.parse(readFileSync(join(p.home, 's.json'), 'utf8')).hooks.Stop[0].hooks[0].command;
    expect(wrapped).toMatch(/ run --name printf --timeout 18 -- '/);
    const env = { ...p.env, GUARDRAILS_PROBE: '$x && y' };
    const viaGuardrails = spawnSync('/bin/sh', ['-c', wrapped], { env, input: '{}', encoding: 'utf8' });
    expect(viaGuardrails.status).toBe(0);
    const expected = "it's|$x && y\nHéLLO ✓\n";
    expect(readFileSync(out, 'utf8')).toBe(expected);
    spawnSync('/bin/sh', ['-c', original], { env, encoding: 'utf8' });
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(p.state().hooks.printf?.failure_count).toBe(0);
  });

  it('says how it invokes guardrails when --bin is not given', async () => {
    const p = project(SAMPLES.fourSpaces);
    const r = await p.guardrails(['install', '--dry-run']);
    expect(r.stdout).toContain('guardrails is not on PATH');
    expect(r.stdout).toMatch(/Invoking guardrails as: node \S*cli\.cjs/);
    const onPath = join(p.home, 'bin');
    mkdirSync(onPath);
    writeFileSync(join(onPath, 'guardrails'), '#!/bin/sh\n', { mode: 0o755 });
    const found = await p.guardrails(['install', '--dry-run'], { env: { PATH: onPath } });
    expect(found.stdout).toContain(
      `Invoking guardrails as: guardrails (found on PATH at ${join(onPath, 'guardrails')})`,
    );
  });

  it('handles an empty file, {} and a file without hooks by writing nothing', async () => {
    for (const text of [SAMPLES.empty, SAMPLES.braces, SAMPLES.noHooks]) {
      const p = project(text);
      const r = await p.guardrails(['install', ...BIN_FLAG]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Nothing to wrap');
      expect(p.read()).toBe(text);
      expect(p.backups()).toEqual([]);
    }
  });

  it('rejects invalid JSON with line and column, writing nothing (exit 1)', async () => {
    const p = project(SAMPLES.invalid);
    const r = await p.guardrails(['install', ...BIN_FLAG]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`guardrails: expected valid JSON in ${p.file}, found "]" at line 5 column 5`);
    expect(r.stderr).toContain('nothing was written');
    expect(p.read()).toBe(SAMPLES.invalid);
    expect(p.backups()).toEqual([]);
  });

  it('refuses a missing file unless --create', async () => {
    const p = project();
    const r = await p.guardrails(['install', ...BIN_FLAG]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `guardrails: expected a settings file at ${p.file}, found none (pass --create`,
    );
    expect(existsSync(p.file)).toBe(false);
    const created = await p.guardrails(['install', '--create', ...BIN_FLAG]);
    expect(created.code, created.stderr).toBe(0);
    expect(p.read()).toBe('{}\n');
  });

  it('chooses the file: --settings, --user, --local, $CLAUDE_PROJECT_DIR', async () => {
    const p = project();
    const user = join(p.home, '.claude', 'settings.json');
    const other = join(p.home, 'proj');
    const local = join(other, '.claude', 'settings.local.json');
    mkdirSync(dirname(local), { recursive: true });
    mkdirSync(dirname(user), { recursive: true });
    const hook = (c: string) =>
      JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: c }] }] } });
    writeFileSync(user, hook('./user.sh'));
    writeFileSync(local, hook('./local.sh'));
    writeFileSync(join(other, '.claude', 'settings.json'), hook('./project.sh'));
    const env = { CLAUDE_PROJECT_DIR: other };
    await p.guardrails(['install', '--user', ...BIN_FLAG], { env });
    await p.guardrails(['install', '--local', ...BIN_FLAG], { env });
    await p.guardrails(['install', ...BIN_FLAG], { env });
    expect(readFileSync(user, 'utf8')).toContain('--name user ');
    expect(readFileSync(local, 'utf8')).toContain('--name local ');
    expect(readFileSync(join(other, '.claude', 'settings.json'), 'utf8')).toContain('--name project ');
    const both = await p.guardrails(['install', '--user', '--local']);
    expect(both.code).toBe(64);
    expect(both.stderr).toContain('give only one of --settings, --user and --local');
  });

  it('exits 64 on an unknown flag and prints help with --help', async () => {
    const p = project(SAMPLES.braces);
    const bad = await p.guardrails(['install', '--frobnicate']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('See: guardrails install --help');
    for (const command of ['install', 'uninstall']) {
      const help = await p.guardrails([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: guardrails ${command} [--settings PATH | --user | --local]`);
    }
  });
});
