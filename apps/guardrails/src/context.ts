/** What every command gets: the process's streams and environment, injectable for tests. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Colour output: stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** Wall clock in ms since the epoch. */
  now: () => number;
}

/** The context of the running process. */
export function createContext(proc: NodeJS.Process): CommandContext {
  const tty = (proc.stdout as { isTTY?: boolean }).isTTY === true;
  const noColor = proc.env.NO_COLOR !== undefined;
  return {
    env: proc.env,
    cwd: proc.cwd(),
    stdout: proc.stdout,
    stderr: proc.stderr,
    stdin: proc.stdin,
    color: tty && !noColor,
    now: Date.now,
  };
}
