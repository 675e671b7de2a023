import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { positionalsFor } from '../flags.js';
import { emit, formatDuration } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] stale MAXAGE [SESSION]

Asks whether SESSION (default "default") is stale: it has had no heartbeat
within MAXAGE (90s, 5m, 12h, ...), or never had one. Like test(1), the answer is
the exit code, so it reads naturally in a script:

  if steadystate stale 5m worker-1; then restart-worker; fi

Exit 1 stays "something went wrong" (e.g. the backend is unreachable), so an
error is never taken for either answer.

${GLOBAL_HELP}

Exit codes: 0 stale, 2 fresh, 1 failure, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('stale', argv, ctx, {}, async ({ values, positionals, open }) => {
    const [maxAge, session] = positionalsFor(positionals, ['MAXAGE', 'SESSION'], 1) as [string, string?];
    const maxAgeMs = parseDuration(maxAge, 'MAXAGE');
    const stale = await open((m) => m.isStale(maxAgeMs, session));
    const name = session ?? 'default';
    emit(
      ctx,
      values.json,
      { session: name, maxAgeMs, stale },
      stale
        ? `stale: session ${name} has no heartbeat within ${formatDuration(maxAgeMs)}`
        : `fresh: session ${name} had a heartbeat within ${formatDuration(maxAgeMs)}`,
    );
    return stale ? EXIT.ok : EXIT.fresh;
  });
}
