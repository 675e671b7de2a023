import { EXIT, parseFlags, runCommand, UsageError } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { openState, requireKnownHook, withBreaker } from '../state-access.js';

export const help = `Usage: guardrails enable NAME

Guards a disabled hook again (its breaker starts closed). A hook that is not
disabled is left as it is.

Exit codes: 0 ok, 1 unknown hook or state error, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('enable', ctx, async () => {
    const { positionals } = parseFlags(argv, {}, true);
    if (positionals.length !== 1) throw new UsageError('expected one hook NAME');
    const name = positionals[0] as string;
    const state = openState(ctx);
    await requireKnownHook(ctx, state, name);
    const { result: before } = await withBreaker(ctx, state, name, async (breaker) => {
      const snapshot = await breaker.status();
      if (snapshot.status === 'disabled') await breaker.enable();
      return snapshot;
    });
    ctx.stdout.write(
      before.status === 'disabled'
        ? `${name}: enabled: guarded by its breaker again (closed)\n`
        : `${name}: not disabled (${before.status.replace('_', '-')}); left as it is\n`,
    );
    return EXIT.ok;
  });
}
