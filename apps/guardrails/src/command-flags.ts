/** Flag parsing for the management commands: node's `parseArgs`, usage errors -> exit 64. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CommandContext } from './context.js';

/** Exit codes of the management commands. */
export const EXIT = { ok: 0, failed: 1, usage: 64 } as const;

/** The command line does not fit the command (unknown flag, missing NAME, ...): exit 64. */
export class UsageError extends Error {
  readonly code = 'EUSAGE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`guardrails: ${message}`, options);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: typed `values` and the `positionals`. */
export type ParsedFlags<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** Parses `argv` strictly; unknown flags and bad values throw {@link UsageError}. */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): ParsedFlags<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** A non-negative integer flag value, or a {@link UsageError} naming the flag. */
export function integerFlag(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`expected ${flag} to be a whole number, found ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Runs a command body: a {@link UsageError} prints its message and the help hint (exit 64);
 * an error with a `guardrails:` message prints it (exit 1); anything else propagates.
 */
export async function runCommand(
  name: string,
  ctx: CommandContext,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`${error.message}\nSee: guardrails ${name} --help\n`);
      return EXIT.usage;
    }
    const message = (error as Error)?.message;
    if (typeof message === 'string' && message.startsWith('guardrails:')) {
      ctx.stderr.write(`${message}\n`);
      return EXIT.failed;
    }
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && typeof message === 'string') {
      ctx.stderr.write(`guardrails: ${name} failed (${code}): ${message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
