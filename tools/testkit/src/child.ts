import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node script ...args` with piped stdio; the caller owns the process. */
export function spawnNode(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `node script ...args` to completion, collecting its output. */
export function runNode(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer } = {},
): Promise<ChildResult> {
  const child = spawnNode(script, args, opts);
  return collect(child, opts.input);
}

/** Starts `node script ...args` and collects its output as it runs (stdin stays open): kill it or await `done`. */
export function startNode(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): { child: ChildProcess; done: Promise<ChildResult> } {
  const child = spawnNode(script, args, opts);
  return { child, done: watch(child) };
}

/** A child started behind a start barrier: see `startAtBarrier`. */
export interface BarrierChild {
  child: ChildProcess;
  /** Resolves once it printed "ready"; rejects, with its stderr, if it exits before. */
  ready: Promise<void>;
  /** Lifts the barrier: writes the line it waits for (and closes its stdin). */
  go(): void;
  /** Its exit, with everything it printed. */
  done: Promise<ChildResult>;
}

/**
 * Starts `node script ...args` for a test that makes several processes act at the same moment:
 * the script prints "ready" when set up, then waits for a line on stdin. Await every child's
 * `ready`, then `go()` them all.
 */
export function startAtBarrier(
  script: string,
  args: readonly string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): BarrierChild {
  const child = spawnNode(script, args, opts);
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const done = watch(child, (stdout) => {
    if (stdout.includes('ready\n')) onReady();
  });
  const early = done.then((r) => {
    throw new Error(`${script} exited (${r.code ?? r.signal}) before it was ready: ${r.stderr}`);
  });
  return { child, ready: Promise.race([ready, early]), go: () => child.stdin?.end('go\n'), done };
}

/** Collects a child's output until it closes; `onStdout` sees stdout so far after each chunk. */
function watch(child: ChildProcess, onStdout?: (stdout: string) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function collect(child: ChildProcess, input?: string | Buffer): Promise<ChildResult> {
  const result = watch(child);
  child.stdin?.end(input);
  return result;
}
