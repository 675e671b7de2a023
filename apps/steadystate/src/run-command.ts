/** Runs a command body and turns every failure into one `steadystate: ...` line and an exit code. */
import { EXIT, UsageError } from './cli-errors.js';
import type { CommandContext } from './context.js';
import { oneLine } from './open-manager.js';

/** Exit code of an error, by its `code` (the CLI's own and @steadystate/checkpoint's). */
export function exitCodeOf(error: unknown): number {
  switch ((error as { code?: unknown })?.code) {
    case 'EUSAGE':
    case 'EINVALIDNAME':
    case 'EINVALIDVALUE':
      return EXIT.usage;
    case 'ECONFLICT':
    case 'EBATCHMISMATCH':
      return EXIT.conflict;
    case 'ENOTFOUND':
      return EXIT.notFound;
    default:
      return EXIT.failed;
  }
}

/** `checkpoint: ` or `@steadystate/state-file: `: a library's own prefix on its messages. */
const LIBRARY_PREFIX =
  /^(?:@steadystate\/)?(?:checkpoint|state-file|atomic-write|file-lock|schema-migration):\s*/;

/** The one-line message: `steadystate: ...` (a library's own package prefix replaced). */
export function messageOf(error: unknown): string {
  const text = oneLine(error).replace(LIBRARY_PREFIX, '');
  if (text.startsWith('steadystate:')) return text;
  const code = (error as { code?: unknown })?.code;
  const known = typeof code !== 'string' || exitCodeOf(error) !== EXIT.failed || code === 'EBACKEND';
  return known || text.includes(code) ? `steadystate: ${text}` : `steadystate: ${text} (${code})`;
}

/**
 * Runs `body`: a usage error prints its line and the help hint (exit 64); any other
 * error prints its line and exits with {@link exitCodeOf}.
 */
export async function runCommand(
  name: string,
  ctx: CommandContext,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const code = exitCodeOf(error);
    const hint = error instanceof UsageError ? ` (see: steadystate ${name} --help)` : '';
    ctx.stderr.write(`${messageOf(error)}${hint}\n`);
    if (code === EXIT.failed && ctx.env.STEADYSTATE_DEBUG) {
      ctx.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    }
    return code;
  }
}
