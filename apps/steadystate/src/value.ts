/** VALUE on the command line: JSON, a bare word taken as a string, or `-` for stdin. */
import { UsageError } from './cli-errors.js';

/** A JSON value (what the state manager stores). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * Parses a VALUE: valid JSON is taken as JSON (`42`, `true`, `null`, `"x"`, `[1]`,
 * `{"a":1}`); anything else is taken as a plain string (`building`, `hello world`,
 * `1.2.3`), except text that starts like a JSON object, array or string (`{`, `[`,
 * `"`) but is not valid JSON: that is a usage error, so a typo never saves a mangled
 * document as a string.
 */
export function parseValue(text: string, source = 'VALUE'): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    const start = text.trimStart()[0];
    if (start === '{' || start === '[' || start === '"') {
      const reason = (error as Error).message.replace(/\s+/g, ' ');
      throw new UsageError(
        `expected ${source} to be JSON, found ${preview(text)} (${reason}); quote a plain string as '"..."'`,
        { cause: error },
      );
    }
    return text;
  }
}

/** Reads all of `stdin` and parses it as a VALUE (surrounding whitespace ignored). */
export async function readStdinValue(stdin: NodeJS.ReadableStream): Promise<JsonValue> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new UsageError('expected a VALUE on stdin (VALUE was -), found nothing');
  return parseValue(text, 'the VALUE on stdin');
}

/** The VALUE argument, reading stdin when it is `-`. */
export function resolveValue(arg: string, stdin: NodeJS.ReadableStream): Promise<JsonValue> {
  return arg === '-' ? readStdinValue(stdin) : Promise.resolve(parseValue(arg));
}

/** A short, quoted preview of user input for an error message. */
export function preview(text: string, max = 40): string {
  const quoted = JSON.stringify(text);
  return quoted.length <= max ? quoted : `${quoted.slice(0, max - 2)}..."`;
}
