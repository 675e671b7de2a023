import type { CommandContext } from '../context.js';

// PLACEHOLDER so the bundle builds: owned by the management engineer, who replaces this file.
export const help = 'Usage: guardrails enable\n\n(not implemented yet)\n';

export async function main(_argv: string[], ctx: CommandContext): Promise<number> {
  ctx.stderr.write('guardrails: "enable" is not implemented yet\n');
  return 70;
}
