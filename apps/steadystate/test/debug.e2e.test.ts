import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at \S/m;

describe('STEADYSTATE_DEBUG', () => {
  // an unexpected failure: the storage itself fails (the json folder is a regular file: ENOTDIR)
  const broken = () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'not-a-dir'), 'a file where the state folder should be\n');
    return box;
  };

  it('set, an unexpected failure prints its stack after the one-line message (exit 1)', async () => {
    const box = broken();
    for (const args of [
      ['--dir', 'not-a-dir', 'load', 'phase'],
      ['--dir', 'not-a-dir', 'save', 'phase', 'building'],
    ]) {
      const plain = await box.expectRun(args, 1);
      expect(plain.stderr).toMatch(/^steadystate: expected the json backend to .*ENOTDIR.*\n$/);
      const debug = await box.expectRun(args, 1, { env: { STEADYSTATE_DEBUG: '1' } });
      const [first, ...rest] = debug.stderr.trimEnd().split('\n');
      expect(`${first}\n`).toBe(plain.stderr); // the same message first
      expect(rest[0]).toMatch(/^BackendError: checkpoint: expected the json backend to .*ENOTDIR/);
      expect(rest.slice(1).join('\n')).toMatch(STACK_LINE);
      expect(debug.stdout).toBe('');
    }
  });

  it('unset or empty, the same failure prints one line and no stack', async () => {
    const box = broken();
    for (const env of [{}, { STEADYSTATE_DEBUG: '' }]) {
      const r = await box.expectRun(['--dir', 'not-a-dir', 'load', 'phase'], 1, { env });
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('set, an expected failure (usage, not found, conflict) still prints one line and no stack', async () => {
    const box = sandbox([], { STEADYSTATE_DEBUG: '1' });
    await box.expectRun(['save', 'phase', 'building']);
    const cases: Array<[string[], number]> = [
      [['load', 'missing'], 4],
      [['save', 'phase', 'x', '--if-revision', '7'], 3],
      [['load'], 64],
    ];
    for (const [args, code] of cases) {
      const r = await box.expectRun(args, code);
      expect(r.stderr, args.join(' ')).toMatch(/^steadystate: [^\n]*\n$/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});
