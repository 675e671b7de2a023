/** Flag parsing: node's `parseArgs`, the global options accepted by every command, usage errors. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MAX_NOTES_LENGTH } from '@steadystate/checkpoint';
import { UsageError } from './cli-errors.js';

/** The options every command accepts (before or after the command name). */
export const GLOBAL_OPTIONS = {
  backend: { type: 'string' },
  namespace: { type: 'string' },
  dir: { type: 'string' },
  file: { type: 'string' },
  url: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The global options as parsed (all optional). */
export interface GlobalFlags {
  backend?: string;
  namespace?: string;
  dir?: string;
  file?: string;
  url?: string;
  json?: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: typed `values` (global options included) and the `positionals`. */
export type ParsedFlags<O extends Options> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: O & typeof GLOBAL_OPTIONS;
    allowPositionals: true;
    strict: true;
  }>
>;

/** Parses `argv` strictly with the command's own options plus the global ones. */
export function parseFlags<O extends Options>(argv: string[], options: O): ParsedFlags<O> {
  try {
    return parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    }) as ParsedFlags<O>;
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, ' ');
    const missing = /^Option '(--[^' ]+) <value>' argument missing/.exec(message)?.[1];
    if (missing !== undefined) {
      throw new UsageError(`expected a value after ${missing}, found nothing`, { cause: error });
    }
    const ambiguous = /^Option '(--[^']+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous !== undefined) {
      const value = argv[argv.indexOf(ambiguous) + 1] ?? '';
      throw new UsageError(
        `expected a value after ${ambiguous}, found the option-like ${JSON.stringify(value)}; write ${ambiguous}=${value} if that is the value`,
        { cause: error },
      );
    }
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const known = Object.keys({ ...options, ...GLOBAL_OPTIONS }).map((o) => `--${o}`);
      throw new UsageError(
        `expected an option of ${known.join(' ')}, found unknown option "${unknown}" (a VALUE that starts with "-" goes after --)`,
        { cause: error },
      );
    }
    throw new UsageError(message.replace(/\.$/, ''), { cause: error });
  }
}

/**
 * Exactly `names.length` positionals (the last may be optional when `optional` is set),
 * or a {@link UsageError} naming what was expected and what was found.
 */
export function positionalsFor(
  positionals: string[],
  names: string[],
  optional = 0,
): Array<string | undefined> {
  const min = names.length - optional;
  if (positionals.length < min || positionals.length > names.length) {
    const expected =
      names.length === 0 ? 'no arguments' : names.map((n, i) => (i >= min ? `[${n}]` : n)).join(' ');
    const found = positionals.length === 0 ? 'nothing' : positionals.map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`expected ${expected}, found ${found}`);
  }
  return names.map((_, i) => positionals[i]);
}

/** An argument that may also be given as an option: `[flag, value]`, e.g. `['--key', 'phase']`. */
export type OptionArgument = readonly [flag: string, value: string | undefined];

/**
 * The arguments `names` (e.g. KEY VALUE), each taken from its option in `given` when
 * that option was used (`--key KEY`), else from the next positional, in order; the last
 * `optional` names may be left out. Anything left over, or missing, is a
 * {@link UsageError} showing what was expected and found:
 * `expected --key KEY VALUE, found --key "a" "b" "c"`. Without options it reads like
 * {@link positionalsFor}.
 */
export function argumentsFor(
  positionals: string[],
  names: string[],
  given: Partial<Record<string, OptionArgument>>,
  optional = 0,
): Array<string | undefined> {
  const min = names.length - optional;
  const fromOption = (name: string) => {
    const option = given[name];
    return option !== undefined && option[1] !== undefined ? option : undefined;
  };
  const open = names.filter((n) => fromOption(n) === undefined);
  const required = open.filter((n) => names.indexOf(n) < min).length;
  if (positionals.length < required || positionals.length > open.length) {
    const expected = names
      .map((n, i) => {
        const option = fromOption(n);
        if (option) return `${option[0]} ${n}`;
        return i >= min ? `[${n}]` : n;
      })
      .join(' ');
    const found = [
      ...names.flatMap((n) => {
        const option = fromOption(n);
        return option ? [`${option[0]} ${JSON.stringify(option[1])}`] : [];
      }),
      ...positionals.map((p) => JSON.stringify(p)),
    ];
    throw new UsageError(
      `expected ${expected || 'no arguments'}, found ${found.length === 0 ? 'nothing' : found.join(' ')}`,
    );
  }
  let next = 0;
  return names.map((n) => fromOption(n)?.[1] ?? positionals[next++]);
}

/** A non-negative integer flag value, or a {@link UsageError} naming the flag. */
export function integerFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`expected ${flag} to be a whole number, found ${JSON.stringify(text)}`);
  }
  return value;
}

/** A checkpoint's `--notes TEXT`: at most MAX_NOTES_LENGTH characters, or a {@link UsageError}. */
export function notesFlag(text: string | undefined): string | undefined {
  if (text !== undefined && text.length > MAX_NOTES_LENGTH) {
    throw new UsageError(
      `expected --notes to be at most ${MAX_NOTES_LENGTH} characters, found ${text.length} characters`,
    );
  }
  return text;
}

/**
 * Splits `steadystate [global options] <command> [args]`: the leading global options
 * (both `--flag value` and `--flag=value`) and where the command name is.
 */
export function splitLeadingGlobals(argv: string[]): {
  globals: string[];
  command?: string;
  rest: string[];
  /** A leading global option that lacks its value, e.g. `steadystate --namespace`. */
  missingValue?: string;
} {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') break;
    const name = arg.slice(2).split('=')[0] as string;
    const spec = (GLOBAL_OPTIONS as Record<string, { type: string }>)[name];
    if (!spec) break;
    if (spec.type === 'string' && !arg.includes('=')) {
      const value = argv[i + 1];
      if (value === undefined) return { globals, rest: [], missingValue: arg };
      globals.push(arg, value);
      i++;
    } else {
      globals.push(arg);
    }
    i++;
  }
  return { globals, command: argv[i], rest: argv.slice(i + 1) };
}
