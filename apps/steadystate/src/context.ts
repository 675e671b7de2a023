/** What every command gets: the process's streams and environment, injectable for tests. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Colour output: stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** A progress bar may be drawn: stderr is a TTY. */
  progress: boolean;
  /** Wall clock in ms since the epoch. */
  now: () => number;
}

/** The context of the running process; the streams are created on first use. */
export function createContext(proc: NodeJS.Process): CommandContext {
  let color: boolean | undefined;
  let stdout: NodeJS.WriteStream | undefined;
  return {
    env: proc.env,
    cwd: proc.cwd(),
    get stdout() {
      if (!stdout) {
        stdout = proc.stdout;
        // `steadystate keys | head`: a reader that went away is not an error
        stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
          proc.exit(proc.exitCode ?? 0);
        });
      }
      return stdout;
    },
    get stderr() {
      return proc.stderr;
    },
    get stdin() {
      return proc.stdin;
    },
    get color() {
      color ??= proc.env.NO_COLOR === undefined && (proc.stdout as { isTTY?: boolean }).isTTY === true;
      return color;
    },
    get progress() {
      return (proc.stderr as { isTTY?: boolean }).isTTY === true;
    },
    now: Date.now,
  };
}
