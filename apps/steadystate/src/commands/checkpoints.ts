import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { colors, emit, formatAgo, formatBytes, formatTable, formatTime, oneLineText } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] checkpoints

Lists the checkpoints of the namespace, oldest first: name, when it was taken,
how many keys, its size, whether it is pinned and, when any checkpoint has notes
(checkpoint --notes, save --checkpoint NAME --notes), a last NOTES column (line
breaks shown as \\n; - for none). --json: an array of {"name", "createdAt", "keys",
"bytes", "pinned"}, createdAt in ms since the epoch, plus "notes" when it has them.

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('checkpoints', argv, ctx, {}, async ({ values, positionals, target, open }) => {
    positionalsFor(positionals, []);
    const list = await open((m) => m.listCheckpoints(), MISSING_IS_EMPTY);
    if (values.json) {
      emit(ctx, true, list, '');
      return EXIT.ok;
    }
    if (list.length === 0) {
      ctx.stdout.write(`No checkpoints in namespace "${target.namespace}" yet.\n`);
      return EXIT.ok;
    }
    const c = colors(ctx.color);
    const now = ctx.now();
    // the notes come last (the one column left unpadded), and only when some checkpoint has them
    const notes = list.some((cp) => cp.notes !== undefined);
    const rows = list.map((cp) => [
      c.bold(cp.name),
      `${formatTime(cp.createdAt)} (${formatAgo(cp.createdAt, now)})`,
      String(cp.keys),
      formatBytes(cp.bytes),
      cp.pinned ? c.yellow('pinned') : '-',
      ...(notes ? [cp.notes === undefined ? '-' : oneLineText(cp.notes)] : []),
    ]);
    const headers = ['NAME', 'CREATED', 'KEYS', 'SIZE', 'PINNED', ...(notes ? ['NOTES'] : [])];
    ctx.stdout.write(`${formatTable(headers, rows)}\n`);
    return EXIT.ok;
  });
}
