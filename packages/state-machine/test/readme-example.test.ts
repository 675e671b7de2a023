import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/readme-example.mjs', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example (runs against the built package)', () => {
  it('is the fixture, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(fixture, 'utf8'));
  });

  it('prints what its comments say', async () => {
    const { code, stdout, stderr } = await runNode(fixture, [], { cwd: tempDir() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'completed 2 start > fail > retry > succeed',
      'EINVALIDTRANSITION state-machine: expected no event in state "completed" of machine "task", found event "retry"',
      'false',
      "[ '2 running -> failed timeout' ]",
      '{ ok: true, lines: 4, files: 1, lastSeq: 4 }',
    ]);
  });
});

describe('README SQLite example: file + DB (runs against the built package)', () => {
  const sqlite = fileURLToPath(new URL('./fixtures/readme-sqlite.mjs', import.meta.url));

  it('is the fixture, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(sqlite, 'utf8'));
  });

  it('prints what its comments say, in a folder without .state', async () => {
    const { code, stdout, stderr } = await runNode(sqlite, [], { cwd: tempDir() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(["[ 'queued -> running' ]", 'true done']);
  });
});
