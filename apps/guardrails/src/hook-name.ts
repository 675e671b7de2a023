/**
 * Deriving a breaker name from a hook's command line: `node .claude/hooks/lint.mjs`
 * -> `lint`, `uv run ruff check .` -> `ruff`, `npm run typecheck` -> `typecheck`.
 */

/** Programs that run the real hook: skipped, with their flags. */
const RUNNERS = new Set([
  'node',
  'nodejs',
  'python',
  'python3',
  'python2',
  'py',
  'bash',
  'sh',
  'zsh',
  'dash',
  'fish',
  'ksh',
  'pwsh',
  'powershell',
  'ruby',
  'perl',
  'php',
  'bun',
  'bunx',
  'npx',
  'pnpx',
  'tsx',
  'ts-node',
  'env',
  'exec',
  'command',
  'time',
  'nice',
  'nohup',
  'sudo',
  'xargs',
]);

/** Runners whose next word is a sub-command to skip too: `uv run x`, `npm run lint`. */
const SUBCOMMAND_RUNNERS: Record<string, ReadonlySet<string>> = {
  uv: new Set(['run', 'tool']),
  uvx: new Set([]),
  deno: new Set(['run', 'task']),
  poetry: new Set(['run']),
  pipenv: new Set(['run']),
  pdm: new Set(['run']),
  hatch: new Set(['run']),
  rye: new Set(['run']),
  conda: new Set(['run']),
  npm: new Set(['run', 'run-script', 'exec', 'x']),
  pnpm: new Set(['run', 'exec', 'dlx']),
  yarn: new Set(['run', 'exec', 'dlx']),
  bun: new Set(['run', 'x']),
  go: new Set(['run']),
  cargo: new Set(['run']),
};

/** Shell words that start a segment we do not want as a name: `cd dir && lint.sh`. */
const PREFIX_COMMANDS = new Set(['cd', 'pushd', 'source', '.', 'set', 'export', 'true', ':']);

const EXTENSION = /\.(?:[cm]?[jt]sx?|py|sh|bash|zsh|rb|pl|php|ps1|exe|cmd|bat)$/i;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const OPERATORS = new Set(['&&', '||', ';', '|', '&']);

/** Split a shell command line into words and operators (quotes honoured, no expansion). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (has || current) words.push(current);
      current = '';
      has = false;
    } else if (ch === ';' || ch === '|' || ch === '&') {
      if (has || current) words.push(current);
      const next = line[i + 1];
      if ((ch === '|' || ch === '&') && next === ch) {
        words.push(ch + ch);
        i++;
      } else words.push(ch);
      current = '';
      has = false;
    } else current += ch;
  }
  if (has || current) words.push(current);
  return words;
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function baseName(word: string): string {
  const parts = word.split(/[\\/]/);
  return (parts[parts.length - 1] ?? '').replace(EXTENSION, '');
}

/** The name from one segment (no operators), or '' when it has none. */
function nameOfSegment(words: string[]): string {
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i] as string)) i++;
  const first = words[i];
  if (first === undefined || PREFIX_COMMANDS.has(baseName(first))) return '';
  while (i < words.length) {
    const word = words[i] as string;
    const base = baseName(word).toLowerCase();
    if (word.startsWith('-') || ASSIGNMENT.test(word)) {
      i++;
      continue;
    }
    const subs = SUBCOMMAND_RUNNERS[base];
    if (subs) {
      i++;
      while (i < words.length && (words[i] as string).startsWith('-')) i++;
      if (i < words.length && subs.has(words[i] as string)) i++;
      continue;
    }
    if (RUNNERS.has(base) || /^python\d/.test(base)) {
      i++;
      continue;
    }
    return kebab(baseName(word));
  }
  return '';
}

/**
 * The hook's name from its command: the script's base name without extension,
 * skipping interpreters/runners (node, python3, bash, npx, `uv run`, `deno run`, ...)
 * and `VAR=value` assignments; lower-case kebab; `hook` when nothing fits.
 * A single argument is split as a shell line.
 */
export function deriveHookName(argv: string[]): string {
  const words = argv.length === 1 ? splitWords(argv[0] as string) : argv;
  let segment: string[] = [];
  let prefix = '';
  for (const word of [...words, ';']) {
    if (OPERATORS.has(word)) {
      const name = nameOfSegment(segment);
      if (name) return name;
      // `true`, `cd dir`: a name only when nothing better follows
      const head = segment.find((w) => !ASSIGNMENT.test(w));
      if (!prefix && head !== undefined && PREFIX_COMMANDS.has(baseName(head)))
        prefix = kebab(baseName(head));
      segment = [];
    } else segment.push(word);
  }
  return prefix || 'hook';
}
