import type { CommandContext } from '../context.js';

export const help = 'Usage: guardrails demo [--keep]\n\n(being written)\n';

export async function main(_argv: string[], ctx: CommandContext): Promise<number> {
  ctx.stderr.write('guardrails: demo is being written\n');
  return 70;
}
