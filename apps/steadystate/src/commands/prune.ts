import type { RetentionPolicy } from '@steadystate/checkpoint';
import { EXIT, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { integerFlag, positionalsFor } from '../flags.js';
import { colors, emit, formatBytes, plural } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] prune [--keep-last N] [--keep-hourly N]
         [--keep-daily N] [--keep-weekly N] [--keep-within DURATION] [--dry-run]

Deletes the checkpoints that no rule keeps, then the stored values only they
used. A checkpoint survives if ANY rule keeps it (restic's forget): the newest
one and pinned ones always survive. At least one --keep-* rule is required.

Options:
  --keep-last N             the N newest checkpoints
  --keep-hourly N           the newest checkpoint of each of the last N hours that have one
  --keep-daily N            the same per day
  --keep-weekly N           the same per week
  --keep-within DURATION    every checkpoint younger than DURATION (90m, 12h, 7d, 2w)
  --dry-run                 only print what would be kept and removed

Prints each checkpoint with "keep (reasons)" or "remove", then a summary
(--json: {"keep": [{"name", "reasons"}], "remove": [...], "collected":
{"blobs", "bytes"}, "dryRun"}).

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage.
`;

const OPTIONS = {
  'keep-last': { type: 'string' },
  'keep-hourly': { type: 'string' },
  'keep-daily': { type: 'string' },
  'keep-weekly': { type: 'string' },
  'keep-within': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('prune', argv, ctx, OPTIONS, async ({ values, positionals, open }) => {
    positionalsFor(positionals, []);
    const policy: RetentionPolicy = {};
    const keepLast = integerFlag('--keep-last', values['keep-last']);
    const keepHourly = integerFlag('--keep-hourly', values['keep-hourly']);
    const keepDaily = integerFlag('--keep-daily', values['keep-daily']);
    const keepWeekly = integerFlag('--keep-weekly', values['keep-weekly']);
    if (keepLast !== undefined) policy.keepLast = keepLast;
    if (keepHourly !== undefined) policy.keepHourly = keepHourly;
    if (keepDaily !== undefined) policy.keepDaily = keepDaily;
    if (keepWeekly !== undefined) policy.keepWeekly = keepWeekly;
    if (values['keep-within'] !== undefined) {
      policy.keepWithin = parseDuration(values['keep-within'], '--keep-within');
    }
    if (Object.keys(policy).length === 0) {
      throw new UsageError(
        'expected at least one rule (--keep-last, --keep-hourly, --keep-daily, --keep-weekly, --keep-within), found none',
      );
    }
    const dryRun = values['dry-run'] === true;
    const result = await open((m) => m.prune(policy, { dryRun }), { missingIsEmpty: dryRun });
    if (values.json) {
      emit(ctx, true, { ...result, dryRun }, '');
      return EXIT.ok;
    }
    const c = colors(ctx.color);
    const lines = [
      ...result.keep.map((k) => `${c.green('keep')}    ${k.name} (${k.reasons.join(', ')})`),
      ...result.remove.map((name) => `${c.red('remove')}  ${name}`),
    ];
    const verb = dryRun ? 'Would remove' : 'Removed';
    const freed = dryRun ? '' : `; freed ${formatBytes(result.collected.bytes)}`;
    lines.push(
      `${verb} ${plural(result.remove.length, 'checkpoint')}, kept ${result.keep.length}${freed}${dryRun ? ' (dry run: nothing changed)' : ''}`,
    );
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}
