/** What every command of a CLI gets: the process's streams and environment, injectable for tests. */
export interface ProcessContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Colour output: stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** Wall clock in ms since the epoch. */
  now: () => number;
  /**
   * The streams are the process's own stdin/stdout/stderr, so a child process may
   * inherit the file descriptors directly. @default false
   */
  ownStdio?: boolean;
  /**
   * The output streams this context has created so far, to flush before exiting
   * (creating `process.stdout` on a pipe costs a short-lived process a few ms). @default all
   */
  openedStreams?: () => NodeJS.WritableStream[];
}

/**
 * The context of the running process. The streams are created on first use (Node
 * builds `process.stdin` & co. lazily; a command that writes nothing, or hands the
 * descriptors to a child, never pays for them). A reader of stdout that went away
 * (`cli status | head`) ends the process quietly instead of throwing EPIPE.
 */
export function createProcessContext(proc: NodeJS.Process): ProcessContext {
  let color: boolean | undefined;
  let stdout: NodeJS.WriteStream | undefined;
  let stderr: NodeJS.WriteStream | undefined;
  return {
    env: proc.env,
    cwd: proc.cwd(),
    get stdout() {
      if (!stdout) {
        stdout = proc.stdout;
        stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
          proc.exit(proc.exitCode ?? 0);
        });
      }
      return stdout;
    },
    get stderr() {
      stderr ??= proc.stderr;
      return stderr;
    },
    get stdin() {
      return proc.stdin;
    },
    get color() {
      color ??= proc.env.NO_COLOR === undefined && (proc.stdout as { isTTY?: boolean }).isTTY === true;
      return color;
    },
    now: Date.now,
    ownStdio: true,
    openedStreams: () => [stdout, stderr].filter((s): s is NodeJS.WriteStream => s !== undefined),
  };
}
