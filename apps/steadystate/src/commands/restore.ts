import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] restore NAME

Puts every key back as it was when checkpoint NAME was taken, atomically: keys
saved after it are removed, changed keys get their old values (with a new
revision, so --if-revision writers notice). The checkpoint itself stays.

${GLOBAL_HELP}

Exit codes: 0 restored, 1 failure, 4 no such checkpoint, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('restore', argv, ctx, {}, async ({ values, positionals, open }) => {
    const [name] = positionalsFor(positionals, ['NAME']) as [string];
    const keys = await open(async (m) => {
      await m.restore(name);
      return m.keys();
    });
    emit(
      ctx,
      values.json,
      { restored: name, keys },
      `Restored from: ${name} (${plural(keys.length, 'key')})`,
    );
    return EXIT.ok;
  });
}
