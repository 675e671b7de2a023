import { spawn } from 'node:child_process';
import { constants } from 'node:os';

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
  /** Kill the process group after this long; 0 = never. @default 0 */
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
 * it ended. Never rejects: a command that cannot start is an outcome too.
 */
export function runCommand(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const shell = needsShell(opts.argv);
  const file = shell ? '/bin/sh' : (opts.argv[0] as string);
  const args = shell ? ['-c', opts.argv[0] as string] : opts.argv.slice(1);
  const stdinOpt = opts.stdin ?? 'inherit';
  const stdoutOpt = opts.stdout ?? 'inherit';
  const stderrOpt = opts.stderr ?? (() => process.stderr);
  // where a teed stderr goes; undefined: the command inherits fd 2
  const teeTo =
    stderrOpt === 'inherit' ? undefined : typeof stderrOpt === 'function' ? stderrOpt : () => stderrOpt;
  const tail = new StderrTail();

  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: [
        typeof stdinOpt === 'string' ? stdinOpt : 'pipe',
        typeof stdoutOpt === 'string' ? stdoutOpt : 'pipe',
        teeTo ? 'pipe' : 'inherit',
      ],
    });
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    const forward = (signal: NodeJS.Signals) => () => {
      killGroup(signal);
      if (signal !== 'SIGHUP') timers.push(setTimeout(() => killGroup('SIGKILL'), opts.killGraceMs ?? 2000));
    };
    const forwarders = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [signal, handler] of forwarders) process.on(signal, handler);

    const finish = (outcome: RunOutcome, exitCode: number) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      for (const [signal, handler] of forwarders) process.off(signal, handler);
      resolve({ outcome, exitCode, lastStderrLine: tail.last(), durationMs: Date.now() - started });
    };

    if (typeof stdinOpt !== 'string' && child.stdin) {
      child.stdin.on('error', () => {}); // the command may exit without reading its input
      stdinOpt.pipe(child.stdin);
    }
    if (typeof stdoutOpt !== 'string' && child.stdout) child.stdout.pipe(stdoutOpt, { end: false });
    if (teeTo && child.stderr) {
      child.stderr.on('data', (chunk: Buffer) => {
        tail.push(chunk);
        teeTo().write(chunk);
      });
    }

    const timeoutMs = opts.timeoutMs ?? 0;
    if (timeoutMs > 0) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          killGroup('SIGTERM');
          timers.push(setTimeout(() => killGroup('SIGKILL'), opts.killGraceMs ?? 2000));
        }, timeoutMs),
      );
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // an error after start (e.g. kill failed): 'exit' still comes
      if (error.code === 'ENOENT') finish({ kind: 'not-found', command: file }, 127);
      else finish({ kind: 'spawn-error', error }, 126);
    });

    child.on('exit', (code, signal) => {
      if (timedOut) killGroup('SIGKILL'); // stragglers of the group that ignored SIGTERM
      const outcome: RunOutcome = timedOut
        ? { kind: 'timeout', seconds: timeoutMs / 1000 }
        : signal
          ? { kind: 'signal', signal }
          : { kind: 'exit', code: code ?? 0 };
      const exitCode = timedOut ? 124 : signal ? signalExitCode(signal) : (code ?? 0);
      // let the pipes drain, but never wait on a background grandchild that keeps them open
      const grace = setTimeout(() => finish(outcome, exitCode), 500);
      child.on('close', () => {
        clearTimeout(grace);
        finish(outcome, exitCode);
      });
    });
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
