import { EXIT, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { argumentsFor, integerFlag, notesFlag } from '../flags.js';
import { emit, formatCheckpoint } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';
import { resolveValue } from '../value.js';

export const help = `Usage: steadystate [global options] save KEY VALUE [--if-revision N] [--checkpoint NAME [--notes TEXT]]
       steadystate [global options] save --key KEY --value VALUE [...]

Saves VALUE under KEY. VALUE is JSON: '"building"', 42, true, null, '["scout","plan"]',
'{"user":"dev"}'. Text that is not JSON is taken as a string, so a bare word needs
no quotes (save phase building); text that starts like JSON ({, [ or ") but is not
valid JSON is refused. VALUE - reads the value from stdin. A VALUE that starts with
"-" goes after --: save delta -- -5 (or --value=-5).

Options:
  --key KEY          KEY as an option (seed 004's form: save --key phase --value building)
  --value VALUE      VALUE as an option; either may also be an argument, not both
  --if-revision N    save only if KEY is at revision N (0: only if KEY does not
                     exist); otherwise nothing is written and the exit code is 3
  --checkpoint NAME  also checkpoint the namespace as NAME, in the same operation:
                     the checkpoint holds exactly the state this save leaves (on
                     SQLite one transaction); a conflict stores neither
  --notes TEXT       with --checkpoint: a note kept with that checkpoint, at most
                     1000 characters (shown by checkpoints)

Prints the new revision (--json: {"key", "revision"}, plus "checkpoint" with
--checkpoint, which has "notes" when given).

${GLOBAL_HELP}

Exit codes: 0 saved, 1 failure, 3 revision conflict, 64 usage (bad VALUE too).
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = {
    'if-revision': { type: 'string' },
    checkpoint: { type: 'string' },
    notes: { type: 'string' },
    key: { type: 'string' },
    value: { type: 'string' },
  } as const;
  return stateCommand('save', argv, ctx, options, async ({ values, positionals, open }) => {
    const [key, raw] = argumentsFor(positionals, ['KEY', 'VALUE'], {
      KEY: ['--key', values.key],
      VALUE: ['--value', values.value],
    }) as [string, string];
    const ifRevision = integerFlag('--if-revision', values['if-revision']);
    const checkpoint = values.checkpoint;
    const notes = notesFlag(values.notes);
    if (notes !== undefined && checkpoint === undefined) {
      throw new UsageError(
        "expected --checkpoint NAME with --notes (the notes are the checkpoint's), found --notes alone",
      );
    }
    const value = await resolveValue(raw, ctx.stdin);
    const saved = await open((m) =>
      m.save(key, value, {
        ...(ifRevision === undefined ? {} : { ifRevision }),
        ...(checkpoint === undefined ? {} : { checkpoint }),
        ...(notes === undefined ? {} : { notes }),
      }),
    );
    const { revision } = saved;
    const info = saved.checkpoint;
    const text = info
      ? `Saved ${key} (revision ${revision}) and created checkpoint: ${formatCheckpoint(info)}`
      : `Saved ${key} (revision ${revision})`;
    emit(ctx, values.json, info ? { key, revision, checkpoint: info } : { key, revision }, text);
    return EXIT.ok;
  });
}
