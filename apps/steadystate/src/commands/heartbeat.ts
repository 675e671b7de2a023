import { SESSION_STATUSES, type SessionStatus } from '@steadystate/checkpoint';
import { EXIT, UsageError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { positionalsFor } from '../flags.js';
import { emit } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] heartbeat [SESSION] [--status STATUS]

Records that SESSION (default "default") is alive now, with its status. A worker
calls it every so often while it works, and once more with --status completed
when it stops; a supervisor asks "steadystate stale MAXAGE SESSION", the next
start asks "steadystate session SESSION" whether the last run needs recovery.

Options:
  --status STATUS  active (default): working; paused: stopped on purpose, will
                   resume; completed: finished (on shutdown); error: failed,
                   the next start should recover
  --json           {"session", "status"}

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 64 usage.
`;

/** The --status value, or a usage error listing the four. */
function statusFlag(text: string | undefined): SessionStatus {
  if (text === undefined) return 'active';
  if ((SESSION_STATUSES as readonly string[]).includes(text)) return text as SessionStatus;
  throw new UsageError(
    `expected --status to be one of ${SESSION_STATUSES.join(', ')}, found ${JSON.stringify(text)}`,
  );
}

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { status: { type: 'string' } } as const;
  return stateCommand('heartbeat', argv, ctx, options, async ({ values, positionals, open }) => {
    const [session] = positionalsFor(positionals, ['SESSION'], 1);
    const status = statusFlag(values.status);
    await open((m) => m.heartbeat(session, { status }));
    const name = session ?? 'default';
    emit(ctx, values.json, { session: name, status }, `Heartbeat recorded for session ${name} (${status})`);
    return EXIT.ok;
  });
}
