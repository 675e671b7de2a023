/** Waits until what was written to a stream is handed to the OS (pipes are async on some platforms). */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Runs a CLI's command as this process: `main` gives the exit code; if it throws, the
 * stack goes to `ctx.stderr` as `<name>: internal error: ...` and the code is 70. It
 * waits for the streams the context opened (default stdout and stderr) to flush, then
 * exits explicitly, so a hook's open stdin or a client's socket never keeps the process
 * alive. `ctx.stderr` is read only on an error: a stream nobody used is never created.
 */
export async function exitWith(
  name: string,
  main: () => Promise<number>,
  ctx: { readonly stderr: NodeJS.WritableStream; openedStreams?: () => NodeJS.WritableStream[] },
): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    ctx.stderr.write(`${name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    code = 70;
  }
  await Promise.all((ctx.openedStreams?.() ?? [process.stdout, process.stderr]).map(flushed));
  process.exit(code);
}
