import { DEFAULT_MAX_AGE_MS, sessionIsStale } from '@steadystate/checkpoint';
import { EXIT } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { positionalsFor } from '../flags.js';
import { emit, formatDuration } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] stale [MAXAGE [SESSION]]

Asks whether SESSION (default "default") is stale: it has had no heartbeat
within MAXAGE (90s, 5m, 12h, ...; default 10m, seed 003's "no update in 10+
minutes"), or never had one. SESSION comes after MAXAGE, so a session with the
default age is "stale 10m worker-1". Like test(1), the answer is the exit code,
so it reads naturally in a script:

  if steadystate stale 5m worker-1; then restart-worker; fi
  if steadystate stale; then echo "no heartbeat for 10 minutes"; fi

Exit 1 stays "something went wrong" (e.g. the backend is unreachable), so an
error is never taken for either answer.

The answer is about time only; the text (and --json's "status") also shows the
status of the last heartbeat. A completed session is stale too once it stops
beating: whether the last run crashed and needs recovery is what
"steadystate session SESSION" answers.

Options:
  --json  {"session", "maxAgeMs", "stale", "status"} (status: null when the
          session never had a heartbeat)

${GLOBAL_HELP}

Exit codes: 0 stale, 2 fresh, 1 failure, 64 usage.
`;

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  return stateCommand('stale', argv, ctx, {}, async ({ values, positionals, open }) => {
    const [maxAge, session] = positionalsFor(positionals, ['MAXAGE', 'SESSION'], 2);
    const maxAgeMs = maxAge === undefined ? DEFAULT_MAX_AGE_MS : parseDuration(maxAge, 'MAXAGE');
    const name = session ?? 'default';
    const info = await open((m) => m.session(name), MISSING_IS_EMPTY);
    const stale = sessionIsStale(info, maxAgeMs); // isStale's answer, from the same read as the status
    const status = info?.status ?? null;
    const within = formatDuration(maxAgeMs);
    emit(
      ctx,
      values.json,
      { session: name, maxAgeMs, stale, status },
      info === undefined
        ? `stale: session ${name} has no heartbeat within ${within} (never had one)`
        : stale
          ? `stale: session ${name} (${info.status}) has no heartbeat within ${within}`
          : `fresh: session ${name} (${info.status}) had a heartbeat within ${within}`,
    );
    return stale ? EXIT.ok : EXIT.fresh;
  });
}
