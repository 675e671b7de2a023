/**
 * Wrapping a Claude Code hook command (a shell string) in `guardrails run`, and
 * taking the wrapper off again so the original string comes back byte for byte.
 *
 * The wrapped form is `<bin> run --name <name> [--timeout <sec>] -- '<original>'`:
 * the original is ONE single-quoted shell word, so the shell Claude Code starts
 * hands it to `run` unchanged, whatever it contains (`&&`, pipes, `$VARS`, quotes),
 * and `run` runs it with `/bin/sh -c` at the time the hook fires.
 */
import { MAX_TIMEOUT_SECONDS } from './config.js';
import { splitWords } from './hook-name.js';

/** Claude Code's timeout of a command hook without a `timeout` key, in seconds. */
export const CLAUDE_DEFAULT_TIMEOUT_SEC = 600;

/** `text` as one POSIX shell word: `'...'`, each `'` written as `'\''`. */
export function singleQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `text` as one POSIX shell word, left bare when it needs no quoting. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : singleQuote(text);
}

/**
 * The `--timeout` to give `run` for a hook Claude Code kills after `hookTimeoutSec`:
 * a little below it (10%, at least 1 s, at most 5 s), so guardrails stops the command
 * and records the timeout as a failure before Claude kills guardrails itself.
 * `undefined` when the hook's timeout is not a positive number.
 */
export function runTimeoutFor(hookTimeoutSec: number | undefined): number | undefined {
  const t = hookTimeoutSec ?? CLAUDE_DEFAULT_TIMEOUT_SEC;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return undefined;
  const margin = Math.min(5, Math.max(1, Math.round(t * 0.1)));
  const below = t - margin >= 1 ? t - margin : t * 0.8;
  // no more than `run --timeout` takes (2^31-1 ms: a longer timer would fire at once)
  const tenths = Math.min(Math.floor(below * 10 + 1e-9) / 10, Math.floor(MAX_TIMEOUT_SECONDS * 10) / 10);
  return tenths > 0 ? tenths : Math.floor(below * 1000) / 1000 || undefined;
}

/** What goes into settings.json instead of `command`. */
export interface WrapSpec {
  /** How to invoke guardrails, as shell text: `guardrails`, `node '/x/cli.cjs'`. */
  bin: string;
  /** The breaker name (a bare shell word). */
  name: string;
  /** Seconds for `run --timeout`; omitted when undefined. */
  timeoutSec?: number | undefined;
  /** The original hook command, a shell string. */
  command: string;
}

/** The wrapped command line. */
export function wrapCommand(spec: WrapSpec): string {
  const timeout = spec.timeoutSec === undefined ? '' : ` --timeout ${spec.timeoutSec}`;
  return `${spec.bin} run --name ${shellWord(spec.name)}${timeout} -- ${singleQuote(spec.command)}`;
}

/** A command line as {@link wrapCommand} writes it, taken apart. */
export interface WrappedCommand {
  bin: string;
  name: string;
  timeoutSec: number | undefined;
  /** The original command, unquoted. */
  command: string;
}

const WRAPPED =
  /^(?<bin>\S.*?) run --name (?<name>[A-Za-z0-9_.:@%+=,-]+)(?: --timeout (?<timeout>\d+(?:\.\d+)?))? -- (?<quoted>'[^']*'(?:\\''[^']*')*)$/s;

/**
 * The parts of a command in exactly the form {@link wrapCommand} writes, else undefined.
 * The bin must look like guardrails (`guardrails`, `.../guardrails/dist/cli.cjs`,
 * `@steadystate/guardrails`) or be one of `knownBins` (a custom `--bin`).
 */
export function parseWrapped(line: string, knownBins: readonly string[] = []): WrappedCommand | undefined {
  const m = WRAPPED.exec(line);
  const g = m?.groups;
  if (!g?.bin || !g.name || !g.quoted) return undefined;
  if (!knownBins.includes(g.bin) && !isGuardrailsBin(g.bin)) return undefined;
  return {
    bin: g.bin,
    name: g.name,
    timeoutSec: g.timeout === undefined ? undefined : Number(g.timeout),
    command: g.quoted.slice(1, -1).replaceAll(`'\\''`, "'"),
  };
}

/** Whether the shell words of `bin` invoke guardrails (`guardrails`, `node .../cli.cjs`, `npx @steadystate/guardrails`). */
function isGuardrailsBin(bin: string): boolean {
  return splitWords(bin).some(isGuardrailsWord);
}

function isGuardrailsWord(word: string): boolean {
  const base = word.split(/[\\/]/).pop() ?? '';
  return (
    /^guardrails(?:\.c?js)?$/.test(base) ||
    /^@steadystate\/guardrails(?:@[^\s]*)?$/.test(word) ||
    /[\\/]guardrails[\\/]dist[\\/]cli\.c?js$/.test(word) ||
    /^\$\{?CLAUDE_PLUGIN_ROOT\}?[\\/].*cli\.c?js$/.test(word)
  );
}

/** Whether `line` already runs a hook through `guardrails run` (in any form, also hand-written). */
export function isGuardrailsRun(line: string, knownBins: readonly string[] = []): boolean {
  if (parseWrapped(line, knownBins)) return true;
  const words = splitWords(line);
  return words.some((w, i) => isGuardrailsWord(w) && words[i + 1] === 'run');
}

/**
 * The hook command inside a `guardrails run` line: exact for {@link wrapCommand}'s form;
 * for a hand-written `guardrails run ... -- cmd args` the text after ` -- `, unquoted
 * when it is one quoted shell word (`-- 'npm run lint && npm test'` gives
 * `npm run lint && npm test`: the string `run` received and ran with `/bin/sh -c`).
 * `undefined` when `line` is not a guardrails run line or has no ` -- `.
 */
export function unwrapCommand(line: string, knownBins: readonly string[] = []): string | undefined {
  const exact = parseWrapped(line, knownBins);
  if (exact) return exact.command;
  if (!isGuardrailsRun(line)) return undefined;
  const run = line.search(/\srun(\s|$)/);
  const sep = line.indexOf(' -- ', run);
  if (run < 0 || sep < 0) return undefined;
  const rest = line.slice(sep + 4).trim();
  return rest === '' ? undefined : (unquoteWord(rest) ?? rest);
}

/**
 * `text` without its quotes when it is exactly one quoted shell word: the string the
 * shell hands `run`, which runs it with `/bin/sh -c` (`'a && b'` -> `a && b`,
 * `'it'\''s'` -> `it's`, `"x \"y\""` -> `x "y"`). A word that expands (`$`, backquotes)
 * is unquoted only when it is one double-quoted string holding several words
 * (`"npm test $F"` -> `npm test $F`); `"$CLAUDE_PROJECT_DIR"/x.sh` stays as written.
 * `undefined` (keep the text) for several words, an operator, an unterminated quote,
 * or an unquoted `$`, glob, `~` or `#`.
 */
export function unquoteWord(text: string): string | undefined {
  let value = '';
  let expands = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) return undefined;
        const c = text[i] as string;
        if (c === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
          i++;
          if (text[i] !== '\n') value += text[i];
        } else {
          if (c === '$' || c === '`') expands = true;
          value += c;
        }
      }
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return undefined;
      if (text[i + 1] !== '\n') value += text[i + 1];
      i += 2;
    } else if (/[\s;&|<>()$`*?[{]/.test(ch) || (i === 0 && (ch === '~' || ch === '#'))) {
      return undefined;
    } else {
      value += ch;
      i++;
    }
  }
  if (value === text) return undefined;
  if (!expands) return value;
  const oneDoubleQuoted = /^"(?:[^"\\]|\\[\s\S])*"$/.test(text);
  return oneDoubleQuoted && splitWords(value).length > 1 ? value : undefined;
}
