/** Waits until what was written to a stream is handed to the OS (pipes are async on some platforms). */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Runs a CLI's command as this process: `main` gives the exit code; if it throws, the
 * stack goes to `stderr` as `<name>: internal error: ...` and the code is 70. It waits
 * for `streams` to flush, then exits explicitly, so a hook's open stdin or a client's
 * socket never keeps the process alive.
 */
export async function exitWith(
  name: string,
  main: () => Promise<number>,
  stderr: NodeJS.WritableStream,
  streams: () => NodeJS.WritableStream[] = () => [process.stdout, process.stderr],
): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    stderr.write(`${name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    code = 70;
  }
  await Promise.all(streams().map(flushed));
  process.exit(code);
}
