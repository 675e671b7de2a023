import {
  DEFAULT_MAX_AGE_MS,
  type SessionInfo,
  sessionIsStale,
  sessionNeedsRecovery,
} from '@steadystate/checkpoint';
import { EXIT, NotFoundError } from '../cli-errors.js';
import type { CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { positionalsFor } from '../flags.js';
import { emit, formatDuration } from '../format.js';
import { GLOBAL_HELP } from '../help-text.js';
import { MISSING_IS_EMPTY, stateCommand } from '../state-command.js';

export const help = `Usage: steadystate [global options] session [SESSION] [--max-age DURATION]

Shows the last heartbeat of SESSION (default "default"): the status it gave
(active, paused, completed, error), when (ISO time), how long ago, whether that
is stale (no heartbeat within --max-age), and whether the last run needs
recovery, seed 003's startup check: a session that recorded an error does, and
so does an active one that stopped beating (the run crashed before it could
say "completed"); a paused or completed one does not.

  steadystate session worker-1
  steadystate session worker-1 --json | jq -e .needsRecovery && recover-worker-1

Options:
  --max-age DURATION  how old the last heartbeat may be (90s, 5m, 12h, ...;
                      default 10m, as for stale)
  --json              {"session", "status", "lastBeatAt", "lastBeat", "ageMs",
                      "maxAgeMs", "stale", "needsRecovery"}

${GLOBAL_HELP}

Exit codes: 0 ok, 1 failure, 4 the session never had a heartbeat, 64 usage.
`;

/** The "recovery" line: whether, and why. */
function recoveryText(info: SessionInfo, maxAgeMs: number, needed: boolean): string {
  const within = formatDuration(maxAgeMs);
  if (info.status === 'error') return 'needed (the session recorded an error)';
  if (needed)
    return `needed (active, but no heartbeat within ${within}: the last run stopped without completing)`;
  if (info.status === 'active') return `not needed (active, with a heartbeat within ${within})`;
  return `not needed (${info.status})`;
}

export function main(argv: string[], ctx: CommandContext): Promise<number> {
  const options = { 'max-age': { type: 'string' } } as const;
  return stateCommand('session', argv, ctx, options, async ({ values, positionals, target, open }) => {
    const [session] = positionalsFor(positionals, ['SESSION'], 1);
    const given = values['max-age'];
    const maxAgeMs = given === undefined ? DEFAULT_MAX_AGE_MS : parseDuration(given, '--max-age');
    const name = session ?? 'default';
    const info = await open((m) => m.session(name), MISSING_IS_EMPTY);
    if (!info) {
      throw new NotFoundError(
        `expected a heartbeat of session "${name}" in namespace "${target.namespace}", found none (steadystate heartbeat ${name} records one)`,
      );
    }
    const stale = sessionIsStale(info, maxAgeMs);
    const needsRecovery = sessionNeedsRecovery(info, maxAgeMs);
    const lastBeat = new Date(info.lastBeatAt).toISOString();
    const within = formatDuration(maxAgeMs);
    emit(
      ctx,
      values.json,
      { ...info, lastBeat, maxAgeMs, stale, needsRecovery },
      [
        `session:   ${name}`,
        `status:    ${info.status}`,
        `last beat: ${lastBeat}`,
        `age:       ${formatDuration(info.ageMs)}`,
        `stale:     ${stale ? `yes (no heartbeat within ${within})` : `no (a heartbeat within ${within})`}`,
        `recovery:  ${recoveryText(info, maxAgeMs, needsRecovery)}`,
      ].join('\n'),
    );
    return EXIT.ok;
  });
}
