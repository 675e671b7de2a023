import { constants } from 'node:os';
import { MAX_TIMER_MS } from './hook-settings.js';
import { spawnDirect } from './spawn-direct.js';
import type { SpawnEvents } from './spawner.js';

/** How a command ended. */
export type RunOutcome =
  | { kind: 'exit'; code: number }
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'not-found'; command: string }
  | { kind: 'spawn-error'; error: NodeJS.ErrnoException };

/** The result of {@link runCommand}. */
export interface RunResult {
  outcome: RunOutcome;
  /** The exit code guardrails returns: the command's own, 128+signal, 124 timeout, 127 not found, 126 cannot run. */
  exitCode: number;
  /** The last non-empty line the command wrote to stderr (at most 200 characters). */
  lastStderrLine: string;
  durationMs: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  /** The command: argv, or one shell line (see {@link needsShell}). */
  argv: string[];
  /**
   * Kill the process group after this long; 0 = never. A fraction of a ms is rounded to a whole
   * ms, at least 1. At most {@link MAX_TIMER_MS} (Node's timers take no longer delay). @default 0
   */
  timeoutMs?: number;
  /** SIGTERM first, SIGKILL this long after. @default 2000 */
  killGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the command's stdin comes from: the caller's fd (`inherit`, byte for byte) or a stream. @default 'inherit' */
  stdin?: 'inherit' | 'ignore' | NodeJS.ReadableStream;
  /** Where its stdout goes. @default 'inherit' */
  stdout?: 'inherit' | NodeJS.WritableStream;
  /**
   * Where its stderr goes. A stream (or a function giving one, called only when the command
   * writes to stderr, so a quiet command creates no stream) is teed through a pipe to remember
   * the last line; `inherit` hands the command this process's fd 2 (no pipe, no last line: about
   * 2-3 ms less per run). @default process.stderr
   */
  stderr?: 'inherit' | NodeJS.WritableStream | (() => NodeJS.WritableStream);
  /**
   * How to start it. `auto`: through libuv's process handle directly (spawn-direct.ts: no
   * `node:child_process` to load, 3-4 ms less) when stdin, stdout and stderr are all inherited
   * (or stdin ignored) and that handle is there; otherwise through `node:child_process`.
   * `child_process`: always through `node:child_process`. @default 'auto'
   */
  spawner?: 'auto' | 'child_process';
}

export { MAX_TIMER_MS } from './hook-settings.js';

/** `timeoutMs` as a timer delay; a RangeError outside 0..{@link MAX_TIMER_MS} (callers check it first). */
function timerDelay(timeoutMs: number): number {
  if (!(timeoutMs >= 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      `guardrails: expected timeoutMs to be a number of ms >= 0 and <= ${MAX_TIMER_MS}, found ${timeoutMs}`,
    );
  }
  return timeoutMs === 0 ? 0 : Math.max(1, Math.round(timeoutMs));
}

const SHELL_SYNTAX = /[\s'"`$&|;<>()*?\\#~{}[\]]/;

/** One argument with shell syntax (spaces, quotes, `&&`, `|`, `$`, ...) runs through `/bin/sh -c`, as Claude Code would. */
export function needsShell(argv: readonly string[]): boolean {
  return argv.length === 1 && SHELL_SYNTAX.test(argv[0] as string);
}

/** Exit code of a signal, as shells report it: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs a command in its own process group, passing stdio through, and reports how
 * it ended. A command that cannot start is an outcome too; it throws (a RangeError) only
 * for a `timeoutMs` out of range, before starting anything.
 */
export function runCommand(opts: RunOptions): Promise<RunResult> {
  const timeoutMs = timerDelay(opts.timeoutMs ?? 0);
  const started = Date.now();
  const shell = needsShell(opts.argv);
  const file = shell ? '/bin/sh' : (opts.argv[0] as string);
  const args = shell ? ['-c', opts.argv[0] as string] : opts.argv.slice(1);
  const stdin = opts.stdin ?? 'inherit';
  const stdout = opts.stdout ?? 'inherit';
  const stderrOpt = opts.stderr ?? (() => process.stderr);
  // where a teed stderr goes; undefined: the command inherits fd 2
  const teeTo =
    stderrOpt === 'inherit' ? undefined : typeof stderrOpt === 'function' ? stderrOpt : () => stderrOpt;
  const tail = new StderrTail();
  const graceMs = opts.killGraceMs ?? 2000;

  return new Promise((resolve) => {
    let pid: number | undefined;
    let timedOut = false;
    let end: [RunOutcome, number] | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const killGroup = (signal: NodeJS.Signals) => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone already
      }
    };
    const forward = (signal: NodeJS.Signals) => () => {
      killGroup(signal);
      if (signal !== 'SIGHUP') timers.push(setTimeout(() => killGroup('SIGKILL'), graceMs));
    };
    const forwarders = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    const finish = (outcome: RunOutcome, exitCode: number) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      for (const [signal, handler] of forwarders) process.off(signal, handler);
      resolve({ outcome, exitCode, lastStderrLine: tail.last(), durationMs: Date.now() - started });
    };

    const events: SpawnEvents = {
      started(childPid) {
        pid = childPid;
        for (const [signal, handler] of forwarders) process.on(signal, handler);
        if (timeoutMs <= 0) return;
        timers.push(
          setTimeout(() => {
            timedOut = true;
            killGroup('SIGTERM');
            timers.push(setTimeout(() => killGroup('SIGKILL'), graceMs));
          }, timeoutMs),
        );
      },
      failed(error) {
        if (error.code === 'ENOENT') finish({ kind: 'not-found', command: file }, 127);
        else finish({ kind: 'spawn-error', error }, 126);
      },
      exited(code, signal) {
        if (timedOut) {
          killGroup('SIGKILL'); // stragglers of the group that ignored SIGTERM
          end = [{ kind: 'timeout', seconds: timeoutMs / 1000 }, 124];
        } else if (signal) end = [{ kind: 'signal', signal }, signalExitCode(signal)];
        else end = [{ kind: 'exit', code: code ?? 0 }, code ?? 0];
      },
      closed() {
        if (end) finish(...end);
      },
    };

    const inherited = typeof stdin === 'string' && stdout === 'inherit' && teeTo === undefined;
    if (inherited && opts.spawner !== 'child_process') {
      if (spawnDirect(file, args, { cwd: opts.cwd, env: opts.env, stdin }, events)) return;
    }
    const onStderr = teeTo
      ? (chunk: Buffer) => {
          tail.push(chunk);
          teeTo().write(chunk);
        }
      : undefined;
    void import('./spawn-child.js').then(({ spawnChild }) =>
      spawnChild(file, args, { cwd: opts.cwd, env: opts.env, stdin, stdout, onStderr }, events),
    );
  });
}

/** Keeps the last non-empty line of a stream without holding all of it. */
class StderrTail {
  private text = '';
  push(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-4096);
  }
  last(): string {
    const lines = this.text.split(/\r?\n/).map((l) => l.trim());
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] as string;
      if (line) return line.length > 200 ? `${line.slice(0, 199)}…` : line;
    }
    return '';
  }
}
