import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] pin NAME

Pins checkpoint NAME: prune keeps it whatever its rules say (undo with unpin).

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 4 no such checkpoint, 64 usage.
`;

/** pin and unpin: the same call with a different flag. */
export function setPinned(command: 'pin' | 'unpin', argv: string[], ctx: CommandContext): Promise<number> {
  const pinned = command === 'pin';
  return stateCommand(command, argv, ctx, {}, async ({ values, positionals, open }) => {
    const [name] = positionalsFor(positionals, ['NAME']) as [string];
    await open((m) => m.pin(name, pinned), MISSING_IS_EMPTY);
    emit(ctx, values.json, { name, pinned }, `${pinned ? 'Pinned' : 'Unpinned'} ${name}`);
    return EXIT.ok;
  });
}

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return setPinned('pin', argv, ctx);
}
