import { type CommandContext, createContext } from './context.js';

/** Waits until what was written to a stream is handed to the OS (pipes are async on some platforms). */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Runs `command` as this process: with the process's context and its arguments
 * (without node and the script), then exits with the code it returns (70 and the
 * stack on stderr if it throws). It exits explicitly, so a hook's stdin left open
 * by the caller never keeps the process alive.
 */
export async function processMain(
  command: (argv: string[], ctx: CommandContext) => Promise<number>,
): Promise<void> {
  const ctx = createContext(process);
  let code: number;
  try {
    code = await command(process.argv.slice(2), ctx);
  } catch (error) {
    ctx.stderr.write(`guardrails: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    code = 70;
  }
  // only the streams something wrote to: a plain `run` hands its fds to the child and creates none
  const streams = ctx.openedStreams?.() ?? [process.stdout, process.stderr];
  await Promise.all(streams.map(flushed));
  process.exit(code);
}
