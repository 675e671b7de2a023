import { exitWith } from '@steadystate/cli-kit';
import { type CommandContext, createContext } from './context.js';

/**
 * Runs `command` as this process: with the process's context and its arguments
 * (without node and the script), then exits with the code it returns (70 and the
 * stack on stderr if it throws). Only the streams something wrote to are flushed: a
 * plain `run` hands its descriptors to the child and creates none.
 */
export async function processMain(
  command: (argv: string[], ctx: CommandContext) => Promise<number>,
): Promise<void> {
  const ctx = createContext(process, 'guardrails');
  await exitWith('guardrails', () => command(process.argv.slice(2), ctx), ctx);
}
