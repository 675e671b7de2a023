import { EXIT, NotFoundError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { argumentsFor, integerFlag } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] delete KEY [--if-revision N]
       steadystate [global options] delete --key KEY [--if-revision N]

Deletes KEY. Checkpoints that hold it keep it.

Options:
  --key KEY        KEY as an option
  --if-revision N  delete only if KEY is at revision N; otherwise nothing is
                   deleted and the exit code is 3

${GLOBAL_HELP}

Exit codes: 0 deleted, 1 failure, 3 revision conflict, 4 no such key, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { 'if-revision': { type: 'string' }, key: { type: 'string' } } as const;
  return stateCommand('delete', argv, ctx, options, async ({ values, positionals, target, open }) => {
    const [key] = argumentsFor(positionals, ['KEY'], { KEY: ['--key', values.key] }) as [string];
    const ifRevision = integerFlag('--if-revision', values['if-revision']);
    const deleted = await open(
      (m) => m.delete(key, ifRevision === undefined ? {} : { ifRevision }),
      MISSING_IS_EMPTY,
    );
    if (!deleted)
      throw new NotFoundError(`expected key "${key}" in namespace "${target.namespace}", found no such key`);
    emit(ctx, values.json, { key, deleted }, `Deleted ${key}`);
    return EXIT.ok;
  });
}
