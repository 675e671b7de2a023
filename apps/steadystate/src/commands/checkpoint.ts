import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { argumentsFor } from '../flags.js';
import { emit, formatBytes, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] checkpoint [NAME]
       steadystate [global options] checkpoint --name NAME

Snapshots every key of the namespace, atomically, as checkpoint NAME (default
cp-<ISO time>, e.g. cp-2026-11-22T04:03:01.774Z, with -2, -3, ... appended if
that name is taken); a checkpoint that already has that NAME is replaced. Values
are stored by content hash, so a checkpoint of state that barely changed costs
little. Prints its name, keys and size (--json: the checkpoint).

Options:
  --name NAME  NAME as an option (seed 004's form: checkpoint --name after_planning)

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage (an invalid NAME too).
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { name: { type: 'string' } } as const;
  return stateCommand('checkpoint', argv, ctx, options, async ({ values, positionals, open }) => {
    const [name] = argumentsFor(positionals, ['NAME'], { NAME: ['--name', values.name] }, 1);
    const info = await open((m) => m.checkpoint(name));
    emit(
      ctx,
      values.json,
      info,
      `Created checkpoint: ${info.name} (${plural(info.keys, 'key')}, ${formatBytes(info.bytes)})`,
    );
    return EXIT.ok;
  });
}
