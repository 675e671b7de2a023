import { exitWith } from '@steadystate/cli-kit';
import { type CommandContext, createContext } from './context.js';

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
  // only the streams something wrote to: a plain `run` hands its fds to the child and creates none
  await exitWith(
    'guardrails',
    () => command(process.argv.slice(2), ctx),
    ctx.stderr,
    () => ctx.openedStreams?.() ?? [process.stdout, process.stderr],
  );
}
