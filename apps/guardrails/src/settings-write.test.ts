import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as install } from './commands/install.js';
import { main as uninstall } from './commands/uninstall.js';
import { planInstall } from './hook-plan.js';
import { readSettings } from './settings-file.js';
import { commitText, SettingsChangedError } from './settings-write.js';
import { testContext } from './test-context.js';

/** Runs once right after the backup copy, before the replace: where a concurrent edit lands. */
let afterBackup: ((path: string) => void) | undefined;

vi.mock('./settings-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./settings-file.js')>();
  return {
    ...real,
    backupSettings: async (path: string, now: number) => {
      const backup = await real.backupSettings(path, now);
      afterBackup?.(path);
      return backup;
    },
  };
});

const SETTINGS = `${JSON.stringify(
  { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'node .claude/hooks/lint.mjs' }] }] } },
  null,
  2,
)}\n`;
/** What the other process writes meanwhile. */
const OTHER = SETTINGS.replace('{\n', '{\n  "model": "opus",\n');

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'guardrails-settings-write-'));
  path = join(dir, 'settings.json');
  writeFileSync(path, SETTINGS);
  afterBackup = undefined;
});
afterEach(() => {
  afterBackup = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('commitText', () => {
  it('replaces the file when it is unchanged since it was read', async () => {
    const doc = await readSettings(path);
    const plan = planInstall(doc, { bin: 'guardrails' });
    const { backup } = await commitText(doc, plan.text, 0, 'install');
    expect(readFileSync(path, 'utf8')).toBe(plan.text);
    expect(readFileSync(backup!, 'utf8')).toBe(SETTINGS);
  });

  it('writes nothing and fails when the file was edited after it was read', async () => {
    const doc = await readSettings(path);
    const plan = planInstall(doc, { bin: 'guardrails' });
    writeFileSync(path, OTHER); // another process, between the plan and the write
    await expect(commitText(doc, plan.text, 0, 'install')).rejects.toThrow(SettingsChangedError);
    expect(readFileSync(path, 'utf8')).toBe(OTHER);
  });

  it('writes nothing when a file that was missing was created meanwhile', async () => {
    rmSync(path);
    const doc = await readSettings(path, { create: true });
    writeFileSync(path, OTHER);
    await expect(commitText(doc, '{}\n', 0, 'install')).rejects.toThrow(SettingsChangedError);
    expect(readFileSync(path, 'utf8')).toBe(OTHER);
  });
});

describe.each([
  ['install', install, SETTINGS],
  ['uninstall', uninstall, undefined],
] as const)('%s and an edit made while it runs', (name, command, start) => {
  const prepare = async () => {
    if (start === undefined) {
      // uninstall needs wrapped commands: install them first (no concurrent edit)
      const { ctx } = testContext({});
      expect(await install(['--settings', path, '--bin', 'guardrails'], ctx)).toBe(0);
    }
    return readFileSync(path, 'utf8');
  };

  it('keeps the other edit, writes nothing and fails with one line (exit 1)', async () => {
    const before = await prepare();
    const other = before.replace('{\n', '{\n  "model": "opus",\n');
    afterBackup = (p) => writeFileSync(p, other);
    const { ctx, out } = testContext({});
    const code = await command(['--settings', path, '--bin', 'guardrails'], ctx);
    expect(code).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(other);
    expect(out.stderr).toBe(
      `guardrails: expected ${path} unchanged since it was read, found it edited meanwhile; nothing was written, run ${name} again\n`,
    );
  });

  it('writes the edit when nobody else touches the file', async () => {
    const before = await prepare();
    const { ctx } = testContext({});
    expect(await command(['--settings', path, '--bin', 'guardrails'], ctx)).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toBe(before);
    expect(readdirSync(dir).some((f) => f.includes('.guardrails-backup-'))).toBe(true);
  });
});
