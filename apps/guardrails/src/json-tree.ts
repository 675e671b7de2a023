/**
 * A strict JSON parser that keeps where every value sits in the text, so a
 * settings.json can be edited in place: only the replaced strings change, every
 * other byte (key order, indentation, escapes, blank lines) stays as it was.
 */

/** A parsed value with its `[start, end)` offsets in the text. */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: JsonEntry[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number; value: null };

/** One `"key": value` of an object. */
export interface JsonEntry {
  key: string;
  value: JsonNode;
}

/** The text is not valid JSON; `line` and `column` are 1-based. */
export class JsonSyntaxError extends Error {
  readonly code = 'EJSONSYNTAX' as const;
  constructor(
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`guardrails: expected ${expected} at line ${line} column ${column}, found ${found}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A JSON string token: no raw control characters, only the escapes JSON allows.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** The value `member` of an object node (the last one, as `JSON.parse` does), if any. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const entry of node.entries) if (entry.key === key) found = entry.value;
  return found;
}

/** Parses `text` (a leading byte-order mark is skipped) into a tree. Throws {@link JsonSyntaxError}. */
export function parseJsonTree(text: string): JsonNode {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (expected: string): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - (before.lastIndexOf('\n') + 1) + 1;
    const word = /[^\s,:[\]{}"]{1,12}/y;
    word.lastIndex = pos;
    const found =
      pos >= text.length ? 'the end of the text' : JSON.stringify(word.exec(text)?.[0] ?? text[pos]);
    throw new JsonSyntaxError(pos, line, column, expected, found);
  };
  const skip = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    pos = re.lastIndex;
    return m[0];
  };
  const string = (): JsonNode & { kind: 'string' } => {
    const start = pos;
    const raw = token(STRING);
    if (raw === undefined) return fail('a string');
    return { kind: 'string', start, end: pos, value: JSON.parse(raw) as string };
  };

  const value = (depth: number): JsonNode => {
    if (depth > 512) fail('less deeply nested JSON');
    skip();
    const start = pos;
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const entries: JsonEntry[] = [];
      skip();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', start, end: pos, entries };
      }
      for (;;) {
        skip();
        const key = text[pos] === '"' ? string().value : fail('a property name in double quotes');
        skip();
        if (text[pos] !== ':') fail("':'");
        pos++;
        entries.push({ key, value: value(depth + 1) });
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return { kind: 'object', start, end: pos, entries };
        } else fail("',' or '}'");
      }
    }
    if (ch === '[') {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', start, end: pos, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return { kind: 'array', start, end: pos, items };
        } else fail("',' or ']'");
      }
    }
    if (ch === '"') return string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v === null
          ? { kind: 'null', start, end: pos, value: null }
          : { kind: 'boolean', start, end: pos, value: v };
      }
    }
    const num = token(NUMBER);
    if (num !== undefined) return { kind: 'number', start, end: pos, value: Number(num) };
    return fail('a JSON value');
  };

  const root = value(0);
  skip();
  if (pos < text.length) fail('the end of the text');
  return root;
}

/** One replacement of `text.slice(start, end)`. */
export interface TextEdit {
  start: number;
  end: number;
  replacement: string;
}

/** `text` with non-overlapping `edits` applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += text.slice(at, edit.start) + edit.replacement;
    at = edit.end;
  }
  return out + text.slice(at);
}
