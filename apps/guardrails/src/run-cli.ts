import { asksForHelp, help, main } from './commands/run.js';
import { processMain } from './process-main.js';

/**
 * The bundle of `guardrails run` alone (`dist/run.cjs`): what a hook loads on every call,
 * so it holds only what `run` needs. The bin loads it when the first argument is `run`;
 * it behaves exactly like `guardrails run` through the full bundle's dispatch.
 */
void processMain(async (argv, ctx) => {
  const rest = argv.slice(1); // argv[0] is `run`
  if (asksForHelp(rest)) {
    ctx.stdout.write(help);
    return 0;
  }
  return main(rest, ctx);
});
