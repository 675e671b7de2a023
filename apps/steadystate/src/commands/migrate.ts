import type { CommandContext } from '../context.js';
import { copyHelp, runCopy } from './copy.js';

/** `migrate`: seed 004's name for `copy` (`migrate --from json --to sqlite`). */
export const help = copyHelp('migrate');

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCopy('migrate', argv, ctx);
}
