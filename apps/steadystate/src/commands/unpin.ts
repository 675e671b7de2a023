import type { CommandContext } from '../context.js';
import { GLOBAL_HELP } from '../help-text.js';
import { setPinned } from './pin.js';

export const help = `Usage: steadystate [global options] unpin NAME

Unpins checkpoint NAME: prune's rules decide about it again.

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 4 no such checkpoint, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return setPinned('unpin', argv, ctx);
}
