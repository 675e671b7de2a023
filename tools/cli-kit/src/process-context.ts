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
 * A write to stdout that failed: a reader that went away (`cli status | head`, EPIPE) ends
 * the process quietly with its exit code so far; anything else (a full disk: ENOSPC) is one
 * line on stderr, `<program>: expected to write the output, found ENOSPC`, and exit 1.
 */
export function onStdoutError(
  program: string,
  error: NodeJS.ErrnoException,
  proc: Pick<NodeJS.Process, 'stderr' | 'exit' | 'exitCode'>,
): void {
  if (error.code === 'EPIPE') {
    proc.exit(proc.exitCode ?? 0);
    return;
  }
  const found =
    error.code ??
    String(error.message ?? error)
      .replace(/\s+/g, ' ')
      .trim();
  proc.stderr.write(`${program}: expected to write the output, found ${found}\n`);
  proc.exit(1);
}

/**
 * The context of the running process for `program` (the name its errors start with). The
 * streams are created on first use (Node builds `process.stdin` & co. lazily; a command that
 * writes nothing, or hands the descriptors to a child, never pays for them). A failed write
 * to stdout goes to {@link onStdoutError}.
 */
export function createProcessContext(proc: NodeJS.Process, program: string): ProcessContext {
  let color: boolean | undefined;
  let stdout: NodeJS.WriteStream | undefined;
  let stderr: NodeJS.WriteStream | undefined;
  return {
    env: proc.env,
    cwd: proc.cwd(),
    get stdout() {
      if (!stdout) {
        stdout = proc.stdout;
        stdout.on('error', (error: NodeJS.ErrnoException) => onStdoutError(program, error, proc));
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
