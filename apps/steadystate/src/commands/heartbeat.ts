import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] heartbeat [SESSION]

Records that SESSION (default "default") is alive now. A worker calls it every
so often; a supervisor asks "steadystate stale MAXAGE SESSION".

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('heartbeat', argv, ctx, {}, async ({ values, positionals, open }) => {
    const [session] = positionalsFor(positionals, ['SESSION'], 1);
    await open((m) => m.heartbeat(session));
    const name = session ?? 'default';
    emit(ctx, values.json, { session: name }, `Heartbeat recorded for session ${name}`);
    return EXIT.ok;
  });
}
