import { EXIT, parseFlags, runCommand, UsageError } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { openState, requireKnownHook, withBreaker } from '../state-access.js';

export const help = `Usage: guardrails disable NAME

Stops guarding a hook: it always runs, whatever its failures, and its results
are only recorded (the breaker never opens). Undo with: guardrails enable NAME.
To keep a hook from running instead, use: guardrails open NAME.

Exit codes: 0 ok, 1 unknown hook or state error, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('disable', ctx, async () => {
    const { positionals } = parseFlags(argv, {}, true);
    if (positionals.length !== 1) throw new UsageError('expected one hook NAME');
    const name = positionals[0] as string;
    const state = openState(ctx);
    await requireKnownHook(ctx, state, name);
    await withBreaker(ctx, state, name, (breaker) => breaker.disable());
    ctx.stdout.write(
      `${name}: disabled: it always runs, results are only recorded (undo: guardrails enable ${name})\n`,
    );
    return EXIT.ok;
  });
}
