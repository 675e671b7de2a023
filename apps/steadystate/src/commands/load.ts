import { EXIT, NotFoundError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { argumentsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] load KEY [--raw]
       steadystate [global options] load --key KEY [--raw]

Prints the value of KEY as JSON (indented), e.g. "building" or ["scout", "plan"].

Options:
  --key KEY  KEY as an option (seed 004's form: load --key phase)
  --raw   print a string value without JSON quotes (for shell variables);
          other values are printed as JSON on one line
  --json  {"key", "value", "revision", "updatedAt"}

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 4 no such key, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { raw: { type: 'boolean' }, key: { type: 'string' } } as const;
  return stateCommand('load', argv, ctx, options, async ({ values, positionals, target, open }) => {
    const [key] = argumentsFor(positionals, ['KEY'], { KEY: ['--key', values.key] }) as [string];
    const entry = await open((m) => m.get(key), MISSING_IS_EMPTY);
    if (!entry)
      throw new NotFoundError(`expected key "${key}" in namespace "${target.namespace}", found no such key`);
    const text = values.raw
      ? typeof entry.value === 'string'
        ? entry.value
        : JSON.stringify(entry.value)
      : JSON.stringify(entry.value, null, 2);
    emit(ctx, values.json, { key, ...entry }, text);
    return EXIT.ok;
  });
}
