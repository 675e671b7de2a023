import {
  type BreakerSnapshot,
  type FileStore,
  type HealthReport,
  healthReport,
  materialize,
} from '@steadystate/circuit-breaker';
import { EXIT, parseFlags, runCommand } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import {
  colors,
  formatAgo,
  formatDuration,
  formatLocalTime,
  formatTable,
  plural,
  type Style,
  truncate,
} from '../format.js';
import { openState } from '../state-access.js';

export const help = `Usage: guardrails status [--json | --hook-json]

Shows every hook guardrails has seen: its breaker state, failures, last error and
when a paused hook is tried again; then the totals.

Options:
  --json       the health report as JSON (for scripts)
  --hook-json  for a SessionStart hook: prints Claude Code hook JSON with a
               systemMessage only when some hook is paused, nothing otherwise;
               always exits 0

State: $GUARDRAILS_STATE_DIR, else $CLAUDE_PLUGIN_DATA, else ~/.claude/guardrails.
Exit codes: 0 ok, 1 the state could not be read, 64 usage.
`;

const STYLE: Record<BreakerSnapshot['status'], Style> = {
  closed: 'green',
  open: 'red',
  half_open: 'yellow',
  forced_open: 'magenta',
  disabled: 'gray',
};

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  if (argv.includes('--hook-json')) return hookJson(argv, ctx);
  return runCommand('status', ctx, async () => {
    const { values } = parseFlags(argv, { json: { type: 'boolean' }, 'hook-json': { type: 'boolean' } });
    const state = openState(ctx);
    const report = await healthReport(state.store, { clock: { now: ctx.now } });
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    if (report.breakers.length === 0) {
      ctx.stdout.write(
        `No hooks recorded yet (state: ${state.file}).\nHooks show up here after their first run through "guardrails run"; "guardrails install" wraps the hooks of a settings.json.\n`,
      );
      return EXIT.ok;
    }
    const trialEnds = await trialLeaseEnds(state.store, report, ctx.now());
    ctx.stdout.write(
      `${renderTable(report, ctx, trialEnds)}\n\n${renderTotals(report, ctx.now())}\nState: ${state.file}\n`,
    );
    return EXIT.ok;
  });
}

/** When the running trial of each half-open hook frees its slot at the latest (its lease's end). */
async function trialLeaseEnds(
  store: FileStore,
  report: HealthReport,
  now: number,
): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  for (const b of report.breakers) {
    if (b.status !== 'half_open' || b.activeTrials === 0) continue;
    const record = await store.get(b.name);
    if (record === undefined) continue;
    const trials = materialize(record, now, undefined).trials;
    if (trials.length > 0) ends.set(b.name, Math.min(...trials.map((t) => t.expiresAt)));
  }
  return ends;
}

function renderTable(report: HealthReport, ctx: CommandContext, trialEnds: Map<string, number>): string {
  const c = colors(ctx.color);
  const now = ctx.now();
  const rows = report.breakers.map((b) => [
    c.bold(b.name),
    c[STYLE[b.status]](b.status.replace('_', '-')),
    failures(b),
    b.lastError === null ? '-' : truncate(b.lastError.replace(/\s+/g, ' '), 60),
    retryIn(b, now, trialEnds.get(b.name)),
  ]);
  return formatTable(['HOOK', 'STATE', 'FAILURES', 'LAST ERROR', 'RETRY IN'], rows);
}

function failures(b: BreakerSnapshot): string {
  if (b.failureCount === 0) return '0';
  return b.consecutiveFailures === b.failureCount || b.consecutiveFailures === 0
    ? String(b.failureCount)
    : `${b.failureCount} (${b.consecutiveFailures} in a row)`;
}

/**
 * When a paused hook runs again. Half-open with its trial running, the next calls are skipped
 * until the trial reports, at the latest until its lease ends (`trialEndsAt`, when known).
 */
export function retryIn(b: BreakerSnapshot, now: number, trialEndsAt?: number): string {
  switch (b.status) {
    case 'open':
      return b.retryAt === null ? '-' : b.retryAt <= now ? 'next call' : formatDuration(b.retryAt - now);
    case 'half_open':
      if (b.activeTrials === 0) return 'trial on next call';
      return trialEndsAt === undefined
        ? 'trial running'
        : `trial running (lease ends in ${formatDuration(Math.max(0, trialEndsAt - now))})`;
    case 'forced_open':
      return b.retryAt === null ? 'after a manual reset' : formatDuration(Math.max(0, b.retryAt - now));
    default:
      return '-';
  }
}

function renderTotals(report: HealthReport, now: number): string {
  const t = report.totals;
  const n = report.breakers.length;
  const parts = [
    plural(n, 'hook'),
    `${t.open} open`,
    `${t.halfOpen} half-open`,
    `${t.forcedOpen} forced open`,
    `${t.disabled} disabled`,
  ];
  const updated =
    t.lastUpdated === null
      ? 'never'
      : `${formatLocalTime(t.lastUpdated, now)} (${formatAgo(t.lastUpdated, now)})`;
  return `${parts.join(', ')}. Runs recorded: ${t.totalExecutions}, failures: ${t.totalFailures}. Last update: ${updated}.`;
}

/** The paused hooks as a SessionStart systemMessage; never fails the session. */
async function hookJson(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    if (argv.some((a) => a !== '--hook-json')) throw new Error(`unexpected arguments: ${argv.join(' ')}`);
    const report = await healthReport(openState(ctx).store, { clock: { now: ctx.now } });
    const now = ctx.now();
    const paused = report.breakers.filter((b) => b.status === 'open' || b.status === 'forced_open');
    if (paused.length === 0) return EXIT.ok;
    const lines = paused.map((b) => {
      const why =
        b.status === 'forced_open'
          ? `paused by hand${b.forcedReason ? ` (${b.forcedReason})` : ''}`
          : `${plural(b.consecutiveFailures, 'failure')} in a row${b.lastError ? `, last error: ${truncate(b.lastError.replace(/\s+/g, ' '), 120)}` : ''}`;
      const until =
        b.retryAt === null ? 'until reset' : `until ${formatLocalTime(b.retryAt, now)} (${retryIn(b, now)})`;
      return `${b.name}: ${why}; skipped ${until}`;
    });
    const n = paused.length;
    const systemMessage = `guardrails: ${n} hook${n === 1 ? ' is' : 's are'} paused.\n${lines.join('\n')}\nRun "guardrails status" for details, "guardrails reset NAME" to try one again now.`;
    ctx.stdout.write(`${JSON.stringify({ systemMessage })}\n`);
  } catch (error) {
    ctx.stderr.write(`guardrails: status --hook-json: ${(error as Error).message}\n`);
  }
  return EXIT.ok;
}
