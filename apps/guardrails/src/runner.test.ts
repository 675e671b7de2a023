import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, needsShell, runCommand } from './runner.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

const node = process.execPath;

describe('needsShell', () => {
  it('uses the shell only for one argument with shell syntax', () => {
    expect(needsShell(['lint.sh'])).toBe(false);
    expect(needsShell(['./hooks/lint.sh --fix'])).toBe(true);
    expect(needsShell(['a&&b'])).toBe(true);
    expect(needsShell(['$HOME/x'])).toBe(true);
    expect(needsShell(['node', 'a b.js'])).toBe(false);
  });
});

describe('runCommand', () => {
  it('passes stdin, stdout and stderr through and reports the exit code and last stderr line', async () => {
    const out = sink();
    const err = sink();
    const stdin = new PassThrough();
    stdin.end('{"tool_name":"Edit"}');
    const script = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase());console.error('first');console.error('second\\n');process.exit(3)})`;
    const result = await runCommand({
      argv: [node, '-e', script],
      stdin,
      stdout: out.stream,
      stderr: err.stream,
    });
    expect(result.outcome).toEqual({ kind: 'exit', code: 3 });
    expect(result.exitCode).toBe(3);
    expect(out.text()).toBe('{"TOOL_NAME":"EDIT"}');
    expect(err.text()).toBe('first\nsecond\n\n');
    expect(result.lastStderrLine).toBe('second');
  });

  it('runs one shell line with /bin/sh -c', async () => {
    const out = sink();
    const result = await runCommand({
      argv: ['echo "a  b" && exit 5'],
      stdin: 'ignore',
      stdout: out.stream,
      stderr: sink().stream,
    });
    expect(out.text()).toBe('a  b\n');
    expect(result.exitCode).toBe(5);
  });

  it('reports a missing command as not-found, exit 127', async () => {
    const result = await runCommand({
      argv: ['guardrails-no-such-command-xyz'],
      stdin: 'ignore',
      stdout: sink().stream,
    });
    expect(result.outcome).toEqual({ kind: 'not-found', command: 'guardrails-no-such-command-xyz' });
    expect(result.exitCode).toBe(127);
  });

  it('reports a signal as 128 + its number', async () => {
    const result = await runCommand({
      argv: [node, '-e', 'process.kill(process.pid, "SIGSEGV")'],
      stdin: 'ignore',
      stdout: sink().stream,
      stderr: sink().stream,
    });
    expect(result.outcome).toEqual({ kind: 'signal', signal: 'SIGSEGV' });
    expect(result.exitCode).toBe(139);
  });

  it('kills the whole process group on timeout: a grandchild never writes its file', async () => {
    const dir = tempDir();
    const marker = join(dir, 'late');
    const grandchild = `setTimeout(()=>require('fs').writeFileSync(${JSON.stringify(marker)},'x'),1500)`;
    const script = `require('child_process').spawn(process.execPath,['-e',${JSON.stringify(grandchild)}],{stdio:'ignore'});setInterval(()=>{},1000)`;
    const result = await runCommand({
      argv: [node, '-e', script],
      timeoutMs: 300,
      stdin: 'ignore',
      stdout: sink().stream,
      stderr: sink().stream,
    });
    expect(result.outcome).toEqual({ kind: 'timeout', seconds: 0.3 });
    expect(result.exitCode).toBe(124);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(marker)).toBe(false);
  });

  it('SIGKILLs a command that ignores SIGTERM after the grace period', async () => {
    const result = await runCommand({
      argv: [node, '-e', 'process.on("SIGTERM",()=>{});setInterval(()=>{},1000)'],
      timeoutMs: 300,
      killGraceMs: 300,
      stdin: 'ignore',
      stdout: sink().stream,
      stderr: sink().stream,
    });
    expect(result.exitCode).toBe(124);
  });

  it('refuses a timeout a timer cannot wait (over 2^31-1 ms) before starting anything', () => {
    const marker = join(tempDir(), 'started');
    const argv = [node, '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`];
    for (const timeoutMs of [MAX_TIMER_MS + 1, 2_200_000_000, Number.NaN, -1]) {
      expect(() => runCommand({ argv, timeoutMs, stdin: 'ignore' })).toThrow(
        /^guardrails: expected timeoutMs to be a number of ms >= 0 and <= 2147483647, found /,
      );
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('rounds a sub-millisecond timeout up to 1 ms instead of "never"', async () => {
    const result = await runCommand({
      argv: [node, '-e', 'setTimeout(() => {}, 5000)'],
      timeoutMs: 0.0004,
      stdin: 'ignore',
      killGraceMs: 100,
    });
    expect(result).toMatchObject({ outcome: { kind: 'timeout', seconds: 0.001 }, exitCode: 124 });
  });
});
