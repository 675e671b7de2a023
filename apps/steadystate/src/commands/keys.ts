import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] keys

Lists the keys of the namespace, sorted, one per line (--json: an array).

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('keys', argv, ctx, {}, async ({ values, positionals, open }) => {
    positionalsFor(positionals, []);
    const keys = await open((m) => m.keys(), MISSING_IS_EMPTY);
    if (values.json || keys.length > 0) emit(ctx, values.json, keys, keys.join('\n'));
    return EXIT.ok;
  });
}
