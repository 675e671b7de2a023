import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { integerFlag, positionalsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';
import { resolveValue } from '../value.js';

export const help = `Usage: steadystate [global options] save KEY VALUE [--if-revision N]

Saves VALUE under KEY. VALUE is JSON: '"building"', 42, true, null, '["scout","plan"]',
'{"user":"dev"}'. Text that is not JSON is taken as a string, so a bare word needs
no quotes (save phase building); text that starts like JSON ({, [ or ") but is not
valid JSON is refused. VALUE - reads the value from stdin. A VALUE that starts with
"-" goes after --: save delta -- -5.

Options:
  --if-revision N  save only if KEY is at revision N (0: only if KEY does not
                   exist); otherwise nothing is written and the exit code is 3

Prints the new revision (--json: {"key", "revision"}).

${GLOBAL_HELP}

Exit codes: 0 saved, 1 failure, 3 revision conflict, 64 usage (bad VALUE too).
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { 'if-revision': { type: 'string' } } as const;
  return stateCommand('save', argv, ctx, options, async ({ values, positionals, open }) => {
    const [key, raw] = positionalsFor(positionals, ['KEY', 'VALUE']) as [string, string];
    const ifRevision = integerFlag('--if-revision', values['if-revision']);
    const value = await resolveValue(raw, ctx.stdin);
    const { revision } = await open((m) =>
      m.save(key, value, ifRevision === undefined ? {} : { ifRevision }),
    );
    emit(ctx, values.json, { key, revision }, `Saved ${key} (revision ${revision})`);
    return EXIT.ok;
  });
}
