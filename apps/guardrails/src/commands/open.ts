import { EXIT, parseFlags, runCommand, UsageError } from '../command-flags.js';
import { MAX_COOLDOWN_SECONDS } from '../config.js';
import type { CommandContext } from '../context.js';
import { formatDuration } from '../format.js';
import { openState, requireKnownHook, withBreaker } from '../state-access.js';

export const help = `Usage: guardrails open NAME [--for SEC] [--reason TEXT]

Pauses a hook by hand: its breaker is forced open, so guardrails run skips it
(exit 0 with a systemMessage, or exit 2 for onOpen "block") until --for runs out
or until guardrails reset NAME.

Options:
  --for SEC      close again after this many seconds (default: only by reset)
  --reason TEXT  shown in status and in the skip message

Exit codes: 0 ok, 1 unknown hook or state error, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('open', ctx, async () => {
    const { values, positionals } = parseFlags(
      argv,
      { for: { type: 'string' }, reason: { type: 'string' } },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('expected one hook NAME');
    const name = positionals[0] as string;
    let until: number | undefined;
    if (values.for !== undefined) {
      const seconds = Number(values.for);
      if (
        values.for.trim() === '' ||
        !Number.isFinite(seconds) ||
        seconds <= 0 ||
        seconds > MAX_COOLDOWN_SECONDS
      ) {
        throw new UsageError(
          `expected --for to be a number of seconds > 0 and <= ${MAX_COOLDOWN_SECONDS} (100 years), found ${JSON.stringify(values.for)}`,
        );
      }
      until = ctx.now() + Math.round(seconds * 1000);
    }
    const state = openState(ctx);
    await requireKnownHook(ctx, state, name);
    await withBreaker(ctx, state, name, (breaker) =>
      breaker.forceOpen({
        ...(until === undefined ? {} : { until }),
        ...(values.reason === undefined ? {} : { reason: values.reason }),
      }),
    );
    const span = until === undefined ? 'until guardrails reset' : `for ${formatDuration(until - ctx.now())}`;
    ctx.stdout.write(`${name}: forced open ${span}: guardrails run skips it\n`);
    return EXIT.ok;
  });
}
