import { spawn } from 'node:child_process';
import type { SpawnEvents } from './spawner.js';

/** Options of {@link spawnChild}: where its stdio come from and go. */
export interface ChildSpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'ignore' | NodeJS.ReadableStream;
  stdout: 'inherit' | NodeJS.WritableStream;
  /** Told every chunk the command writes to stderr (piped); undefined: it inherits fd 2. */
  onStderr: ((chunk: Buffer) => void) | undefined;
}

/**
 * Starts `file` with `args` in a new process group through `node:child_process` (this module
 * is loaded only when a command needs it: streams to connect, or no direct process handle),
 * and reports to `events`.
 */
export function spawnChild(
  file: string,
  args: readonly string[],
  opts: ChildSpawnOptions,
  events: SpawnEvents,
): void {
  const { stdin, stdout, onStderr } = opts;
  const child = spawn(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: [
      typeof stdin === 'string' ? stdin : 'pipe',
      typeof stdout === 'string' ? stdout : 'pipe',
      onStderr ? 'pipe' : 'inherit',
    ],
  });
  if (child.pid !== undefined) events.started(child.pid);
  if (typeof stdin !== 'string' && child.stdin) {
    child.stdin.on('error', () => {}); // the command may exit without reading its input
    stdin.pipe(child.stdin);
  }
  if (typeof stdout !== 'string' && child.stdout) child.stdout.pipe(stdout, { end: false });
  if (onStderr && child.stderr) child.stderr.on('data', onStderr);
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (child.pid === undefined) events.failed(error); // an error after start: 'exit' still comes
  });
  child.on('exit', (code, signal) => {
    events.exited(code, signal);
    // let the pipes drain, but never wait on a background grandchild that keeps them open
    const grace = setTimeout(() => events.closed(), 500);
    child.on('close', () => {
      clearTimeout(grace);
      events.closed();
    });
  });
}
