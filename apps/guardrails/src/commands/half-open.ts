import { EXIT, parseFlags, runCommand, UsageError } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { openState, requireKnownHook, withBreaker } from '../state-access.js';

export const help = `Usage: guardrails half-open NAME [--json]

Manual recovery test: an open (or forced-open) hook's breaker turns half-open
now, without waiting for its cooldown. The next guardrails run of the hook is
the trial: if it succeeds (successThreshold times) the breaker closes; if it
fails, the breaker opens again with the next, longer cooldown. A hook that is
closed, already half-open or disabled is left as it is. The change is written
to the transition log.

Options:
  --json  print {"hook", "before", "after"} (the statuses) as JSON

Exit codes: 0 ok, 1 unknown hook or state error, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('half-open', ctx, async () => {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('expected one hook NAME');
    const name = positionals[0] as string;
    const state = openState(ctx);
    await requireKnownHook(ctx, state, name);
    const { result } = await withBreaker(ctx, state, name, async (breaker) => {
      const before = await breaker.status();
      await breaker.halfOpen();
      return { before: before.status, after: (await breaker.status()).status };
    });
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify({ hook: name, ...result })}\n`);
    } else if (result.before === 'open' || result.before === 'forced_open') {
      ctx.stdout.write(
        `${name}: half-open (was ${result.before.replace('_', '-')}): its next run is the trial\n`,
      );
    } else {
      ctx.stdout.write(`${name}: not open (${result.before.replace('_', '-')}); left as it is\n`);
    }
    return EXIT.ok;
  });
}
