import { EXIT, NotFoundError, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { emit, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] restore NAME
       steadystate [global options] restore --checkpoint NAME
       steadystate [global options] restore --latest

Puts every key back as it was when checkpoint NAME was taken, atomically: keys
saved after it are removed, changed keys get their old values (with a new
revision, so --if-revision writers notice). The checkpoint itself stays.

Options:
  --checkpoint NAME  NAME as an option (seed 004's form: restore --checkpoint after_planning)
  --name NAME        the same
  --latest           the newest checkpoint (the last one "steadystate checkpoints" lists);
                     exit 4 when the namespace has none

Give the checkpoint one way: NAME, --checkpoint, --name or --latest. Prints what
was restored (--json: {"restored", "keys"}).

${GLOBAL_HELP}

Exit codes: 0 restored, 1 failure, 4 no such checkpoint (or none for --latest), 64 usage.
`;

const OPTIONS = {
  checkpoint: { type: 'string' },
  name: { type: 'string' },
  latest: { type: 'boolean' },
} as const;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('restore', argv, ctx, OPTIONS, async ({ values, positionals, target, open }) => {
    const ways = [
      ...positionals.map((p) => ({ shown: JSON.stringify(p), name: p as string | undefined })),
      ...(['checkpoint', 'name'] as const).flatMap((flag) => {
        const value = values[flag];
        return value === undefined ? [] : [{ shown: `--${flag} ${JSON.stringify(value)}`, name: value }];
      }),
      ...(values.latest ? [{ shown: '--latest', name: undefined }] : []),
    ];
    const expected = 'NAME, --checkpoint NAME, --name NAME or --latest';
    if (ways.length === 0) throw new UsageError(`expected ${expected}, found nothing`);
    if (ways.length > 1) {
      throw new UsageError(`expected one of ${expected}, found ${ways.map((w) => w.shown).join(' and ')}`);
    }
    const chosen = (ways[0] as { name: string | undefined }).name;
    const result = await open(async (m) => {
      let name = chosen;
      if (name === undefined) {
        // listCheckpoints is oldest first (by time, then name): the newest is the last
        name = (await m.listCheckpoints()).at(-1)?.name;
        if (name === undefined) {
          throw new NotFoundError(
            `expected a checkpoint in namespace "${target.namespace}" to restore with --latest, found none`,
          );
        }
      }
      await m.restore(name);
      return { name, keys: await m.keys() };
    }, MISSING_IS_EMPTY);
    emit(
      ctx,
      values.json,
      { restored: result.name, keys: result.keys },
      `Restored from: ${result.name} (${plural(result.keys.length, 'key')})`,
    );
    return EXIT.ok;
  });
}
