import { EXIT, parseFlags, runCommand, UsageError } from '../command-flags.js';
import type { CommandContext } from '../context.js';
import { openState, requireKnownHook, withBreaker } from '../state-access.js';

export const help = `Usage: guardrails reset NAME
       guardrails reset --all

Closes a hook's breaker and clears its counters, so the hook runs again on its
next call. --all resets every hook in the state. The change is written to the
transition log.

Exit codes: 0 ok, 1 unknown hook or state error, 64 usage.
`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('reset', ctx, async () => {
    const { values, positionals } = parseFlags(argv, { all: { type: 'boolean' } }, true);
    if (values.all ? positionals.length > 0 : positionals.length !== 1) {
      throw new UsageError('expected one hook NAME or --all');
    }
    const state = openState(ctx);
    let names: string[];
    if (values.all) {
      names = (await state.store.list()).map(([name]) => name);
      if (names.length === 0) {
        ctx.stdout.write(`No hooks recorded (state: ${state.file}); nothing to reset.\n`);
        return EXIT.ok;
      }
    } else {
      const name = positionals[0] as string;
      await requireKnownHook(ctx, state, name);
      names = [name];
    }
    for (const name of names) {
      const { result: before } = await withBreaker(ctx, state, name, async (breaker) => {
        const snapshot = await breaker.status();
        await breaker.reset();
        return snapshot;
      });
      const was = before.status === 'closed' ? 'was closed' : `was ${before.status.replace('_', '-')}`;
      ctx.stdout.write(`${name}: reset to closed (${was}, ${before.failureCount} failure(s) cleared)\n`);
    }
    return EXIT.ok;
  });
}
