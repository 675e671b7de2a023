import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, sandbox } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// `guardrails run` starts a command with inherited stdio through libuv's process handle
// directly, or through node:child_process (GUARDRAILS_SPAWN=child_process, and whenever it
// has to tee stderr): both must behave the same, so both run this suite through the built bin.
describe.each(['auto', 'child_process'])('guardrails run starting commands with spawner %s', (spawner) => {
  const box = () => sandbox({ GUARDRAILS_SPAWN: spawner === 'auto' ? '' : spawner });

  it('passes stdin through byte for byte, stdout and stderr through, and returns the exit code', async () => {
    const b = box();
    const input = randomBytes(256 * 1024);
    const r = await b.guardrails(['run', '--', process.execPath, fixture('stdin-hash.mjs')], { input });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      sha256: createHash('sha256').update(input).digest('hex'),
      bytes: input.length,
    });
    const shell = await b.guardrails(['run', '--name', 'sh', '--', 'echo out && echo err >&2 && exit 3']);
    expect([shell.code, shell.stdout, shell.stderr]).toEqual([3, 'out\n', 'err\n']);
    expect(b.state().hooks.sh).toMatchObject({ failure_count: 1, last_error: 'exit 3' });
  });

  it('reports a signal as 128 + its number, a missing command as 127, a non-executable one as 126', async () => {
    const b = box();
    const killed = await b.guardrails(['run', '--name', 'segv', '--', 'kill -SEGV $$']);
    expect(killed.code).toBe(139);
    expect(b.state().hooks.segv?.last_error).toBe('killed by SIGSEGV');
    const missing = await b.guardrails(['run', '--', 'guardrails-no-such-command-xyz', '--flag']);
    expect([missing.code, missing.stderr]).toEqual([
      127,
      'guardrails: command not found: guardrails-no-such-command-xyz\n',
    ]);
    expect(b.state().hooks['guardrails-no-such-command-xyz']).toMatchObject({
      failure_count: 1,
      last_error: 'command not found: guardrails-no-such-command-xyz',
    });
    const script = join(b.home, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o644);
    const denied = await b.guardrails(['run', '--name', 'denied', '--', script]);
    expect(denied.code).toBe(126);
    expect(denied.stderr).toBe('guardrails: could not start: EACCES\n');
  });

  it('kills the whole process group on timeout (exit 124): the grandchild never writes', async () => {
    const b = box();
    const late = join(b.home, 'late');
    const r = await b.guardrails([
      'run',
      '--timeout',
      '0.5',
      '--',
      process.execPath,
      fixture('grandchild.mjs'),
      late,
    ]);
    expect(r.code).toBe(124);
    await sleep(2500);
    expect(existsSync(late)).toBe(false);
    expect(b.state().hooks.grandchild).toMatchObject({
      failure_count: 1,
      last_error: 'timed out after 0.5s',
    });
  });

  // README: SIGINT/SIGTERM/SIGHUP sent to guardrails are forwarded to the command's group
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)(
    'forwards %s sent to guardrails to the command, and exits as it did (%i)',
    async (signal, exit) => {
      const b = box();
      const marker = join(b.home, 'signal');
      const child = b.spawn(['run', '--', process.execPath, fixture('until-signal.mjs'), marker]);
      child.stdin?.end('{}');
      await new Promise<void>((resolve) =>
        child.stdout?.on('data', (d: Buffer) => d.includes('ready') && resolve()),
      );
      child.kill(signal);
      const [code, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('exit', (c, s) => resolve([c, s])),
      );
      expect([code, killedBy]).toEqual([exit, null]);
      expect(readFileSync(marker, 'utf8')).toBe(signal);
      expect(b.state().hooks['until-signal']).toMatchObject({ failure_count: 1, last_error: `exit ${exit}` });
    },
  );
});
