import { EXIT, integerFlag, parseFlags, runCommand } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { colors, formatLocalTime, type Style } from '../format.js';
import { homeDir, logPath, resolveStateDir } from '../paths.js';
import { type LogEntry, readTransitions } from '../transition-log.js';

export const help = `Usage: guardrails log [-n N] [--hook NAME] [--json]

The transition log: every time a breaker opened, went half-open, closed, or was
reset, disabled, enabled or forced open by hand; oldest first, newest last, in
local time.

Options:
  -n, --lines N  show the last N transitions (default 20; 0 = all)
  --hook NAME    only this hook's transitions
  --json         a JSON array of the entries (time, at, hook, type, from, to, reason?, error?)

Exit codes: 0 ok, 1 the log could not be read, 64 usage.
`;

const STYLE: Partial<Record<LogEntry['type'], Style>> = {
  opened: 'red',
  forced_open: 'magenta',
  half_opened: 'yellow',
  closed: 'green',
  reset: 'green',
  disabled: 'gray',
  enabled: 'cyan',
};

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('log', ctx, async () => {
    const { values } = parseFlags(argv, {
      lines: { type: 'string', short: 'n' },
      hook: { type: 'string' },
      json: { type: 'boolean' },
    });
    const limit = integerFlag('-n', values.lines, 20);
    const { dir } = resolveStateDir(ctx.env, homeDir(ctx.env));
    const wanted = values.hook;
    let entries = await readTransitions(dir, wanted === undefined && limit > 0 ? { limit } : {});
    if (wanted !== undefined) entries = entries.filter((e) => e.hook === wanted);
    if (limit > 0) entries = entries.slice(Math.max(0, entries.length - limit));
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return EXIT.ok;
    }
    if (entries.length === 0) {
      const which = wanted === undefined ? '' : ` for ${wanted}`;
      ctx.stdout.write(`No transitions recorded${which} yet (log: ${logPath(dir)}).\n`);
      return EXIT.ok;
    }
    const c = colors(ctx.color);
    const now = ctx.now();
    const width = Math.max(...entries.map((e) => e.hook.length));
    const label = (e: (typeof entries)[number]) => e.type.replace('_', '-');
    const typeWidth = Math.max(...entries.map((e) => label(e).length));
    for (const e of entries) {
      const style = STYLE[e.type] ?? 'bold';
      const detail = [e.reason, e.error ? `error: ${e.error.replace(/\s+/g, ' ')}` : undefined]
        .filter(Boolean)
        .join('; ');
      const move = `${e.from.replace('_', '-')} -> ${e.to.replace('_', '-')}`;
      ctx.stdout.write(
        `${formatLocalTime(e.at, now)}  ${e.hook.padEnd(width)}  ${c[style](label(e).padEnd(typeWidth))}  ${move}${detail ? `  (${detail})` : ''}\n`,
      );
    }
    return EXIT.ok;
  });
}
