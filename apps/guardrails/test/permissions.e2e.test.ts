import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, hookArgs, sandbox } from './helpers.js';

// Needs a uid to drop to: root on Linux (as on CI), where setpriv (util-linux) is then required,
// so a missing setpriv fails the test instead of silently skipping it.
const rootOnLinux = process.platform === 'linux' && process.getuid?.() === 0;
const NOBODY = '65534';

describe.skipIf(!rootOnLinux)(
  'permission errors (as root on Linux only: it drops to uid 65534 with setpriv)',
  () => {
    it('runs the command unguarded, with one stderr line naming EACCES, when state.json is not readable', async () => {
      const probe = spawnSync('setpriv', ['--version'], { encoding: 'utf8' });
      if (probe.error) {
        throw new Error(
          `expected setpriv (util-linux) to run this test as root on Linux; install util-linux (${probe.error.message})`,
        );
      }
      const box = sandbox();
      await box.guardrails(hookArgs('lint', 0)); // a real state file, owned by root
      const file = join(box.stateDir, 'state.json');
      chmodSync(file, 0o600);
      chmodSync(box.stateDir, 0o755); // the folder is readable, the file is not
      chmodSync(box.home, 0o755);
      const out = join(box.home, 'out');
      mkdirSync(out);
      chmodSync(out, 0o777);
      const marker = join(out, 'marker');
      expect(statSync(file).uid).toBe(0);
      const before = readFileSync(file, 'utf8');

      const r = spawnSync(
        'setpriv',
        [
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          '--clear-groups',
          process.execPath,
          BIN,
          ...hookArgs('lint', 3, marker, 'lint failed'),
        ],
        {
          env: { ...process.env, ...box.env },
          cwd: box.home,
          input: '{}',
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(3); // the command ran, its exit code passed through
      expect(readFileSync(marker, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('guardrails:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^guardrails: running lint unguarded: .*EACCES/);
      expect(r.stderr).toContain('lint failed\n');
      expect(readFileSync(file, 'utf8')).toBe(before); // nothing recorded, nothing broken
    });
  },
);
