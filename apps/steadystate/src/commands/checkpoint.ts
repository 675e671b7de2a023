import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { argumentsFor, notesFlag } from '../flags.js';
import { emit, formatCheckpoint } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] checkpoint [NAME] [--notes TEXT]
       steadystate [global options] checkpoint --name NAME [--notes TEXT]

Snapshots every key of the namespace, atomically, as checkpoint NAME (default
cp-<ISO time>, e.g. cp-2026-11-22T04:03:01.774Z, with -2, -3, ... appended if
that name is taken); a checkpoint that already has that NAME is replaced (its
notes too). Values are stored by content hash, so a checkpoint of state that
barely changed costs little. Prints its name, keys, size and notes (--json: the
checkpoint, {"name", "createdAt", "keys", "bytes", "pinned"}, plus "notes" when
it has them).

Options:
  --name NAME    NAME as an option (seed 004's form: checkpoint --name after_planning)
  --notes TEXT   a note kept with the checkpoint, at most 1000 characters (seed 003's
                 create_checkpoint(notes="Before stage progression")); shown by
                 checkpoints

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage (an invalid NAME too).
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { name: { type: 'string' }, notes: { type: 'string' } } as const;
  return stateCommand('checkpoint', argv, ctx, options, async ({ values, positionals, open }) => {
    const [name] = argumentsFor(positionals, ['NAME'], { NAME: ['--name', values.name] }, 1);
    const notes = notesFlag(values.notes);
    const info = await open((m) => m.checkpoint(name, notes === undefined ? {} : { notes }));
    emit(ctx, values.json, info, `Created checkpoint: ${formatCheckpoint(info)}`);
    return EXIT.ok;
  });
}
