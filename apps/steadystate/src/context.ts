import { createProcessContext, type ProcessContext } from '@steadystate/cli-kit';

/** What every command gets: the process's streams and environment, injectable for tests. */
export interface CommandContext extends ProcessContext {
  /** A progress bar may be drawn: stderr is a TTY. */
  progress: boolean;
}

/** The context of the running process; the streams are created on first use. */
export function createContext(proc: NodeJS.Process): CommandContext {
  return Object.defineProperty(createProcessContext(proc, 'steadystate'), 'progress', {
    get: () => (proc.stderr as { isTTY?: boolean }).isTTY === true,
    enumerable: true,
  }) as CommandContext;
}
