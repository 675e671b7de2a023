import { getSystemErrorName } from 'node:util';
import type { SpawnEvents } from './spawner.js';

/**
 * Starting a command whose stdio are this process's own descriptors through libuv's process
 * handle, the one `node:child_process` wraps, without loading `node:child_process` itself:
 * that module pulls in `node:net`, `node:dgram` and the stream machinery, about 3-4 ms of
 * every hook call (measured: 2.4 ms for load + spawn + exit of `true` this way, 6.3 ms
 * through `child_process.spawn` with inherited stdio). The handle is reached through
 * `process.binding('process_wrap')`, a legacy but still shipped door to Node's internals;
 * where it is missing or differs (Windows, a future Node) the caller uses `child_process`.
 */

/** The methods of Node's internal process handle that this file uses. */
interface ProcessHandle {
  readonly pid?: number;
  onexit: (exitCode: number, signalCode: string) => void;
  spawn(options: object): number;
  close(): void;
}

type ProcessHandleClass = new () => ProcessHandle;

/** Options of {@link spawnDirect}. */
export interface DirectSpawnOptions {
  cwd?: string;
  /** The command's environment. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Its stdin: this process's fd 0, or none. Its stdout and stderr are always fds 1 and 2. */
  stdin: 'inherit' | 'ignore';
}

let handleClass: ProcessHandleClass | null | undefined;

function processHandleClass(): ProcessHandleClass | null {
  if (handleClass !== undefined) return handleClass;
  handleClass = null;
  const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
  if (process.platform === 'win32' || typeof binding !== 'function') return handleClass;
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true; // under --pending-deprecation, process.binding itself warns
    const { Process } = binding.call(process, 'process_wrap') as { Process?: ProcessHandleClass };
    if (typeof Process === 'function' && typeof Process.prototype?.spawn === 'function')
      handleClass = Process;
  } catch {
    // not available: node:child_process it is
  } finally {
    process.noDeprecation = quiet;
  }
  return handleClass;
}

/**
 * Starts `file` with `args` in a new process group (like `detached: true`), its stdout and
 * stderr on this process's fds 1 and 2, and reports to `events`. Returns false, having done
 * nothing, where no usable process handle exists (then use `node:child_process`).
 */
export function spawnDirect(
  file: string,
  args: readonly string[],
  opts: DirectSpawnOptions,
  events: SpawnEvents,
): boolean {
  const Handle = processHandleClass();
  if (Handle === null) return false;
  const env = opts.env ?? process.env;
  const envPairs: string[] = [];
  for (const key of Object.keys(env)) {
    const value = env[key];
    if (value !== undefined) envPairs.push(`${key}=${value}`);
  }
  const stdin = opts.stdin === 'ignore' ? { type: 'ignore' } : { type: 'fd', fd: 0 };
  let handle: ProcessHandle;
  let errno: number;
  try {
    handle = new Handle();
    handle.onexit = (exitCode, signalCode) => {
      handle.close();
      events.exited(signalCode ? null : exitCode, signalCode ? (signalCode as NodeJS.Signals) : null);
      events.closed(); // no pipes of ours to drain
    };
    errno = handle.spawn({
      file,
      args: [file, ...args],
      cwd: opts.cwd,
      envPairs,
      detached: true,
      stdio: [stdin, { type: 'fd', fd: 1 }, { type: 'fd', fd: 2 }],
    });
  } catch {
    // the handle is not what this file expects (another Node): never again, child_process instead
    handleClass = null;
    return false;
  }
  if (handle.pid !== undefined) {
    events.started(handle.pid); // a pid is only set once the command runs
    return true;
  }
  handle.close();
  if (!Number.isInteger(errno) || errno >= 0) {
    handleClass = null; // neither started nor a libuv error: not the handle this file knows
    return false;
  }
  const code = getSystemErrorName(errno);
  const error: NodeJS.ErrnoException = Object.assign(new Error(`spawn ${file} ${code}`), {
    errno,
    code,
    syscall: `spawn ${file}`,
    path: file,
  });
  events.failed(error);
  return true;
}
