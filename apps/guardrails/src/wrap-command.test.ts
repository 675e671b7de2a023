import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOOK_COMMANDS } from '../test/hook-commands.js';
import {
  isGuardrailsRun,
  parseWrapped,
  runTimeoutFor,
  singleQuote,
  unquoteWord,
  unwrapCommand,
  wrapCommand,
} from './wrap-command.js';

const printArgv = fileURLToPath(new URL('../test/fixtures/print-argv.mjs', import.meta.url));
const sh = (line: string) => spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });

describe('singleQuote', () => {
  it('makes any text one shell word that the shell gives back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')),
        (text) => {
          expect(sh(`printf '%s' ${singleQuote(text)}`).stdout).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('wrapCommand', () => {
  it.each(HOOK_COMMANDS)('hands %j to run as one argument after --', (command) => {
    const line = wrapCommand({ bin: `node ${printArgv}`, name: 'check', timeoutSec: 27, command });
    const argv = JSON.parse(sh(line).stdout);
    expect(argv).toEqual(['run', '--name', 'check', '--timeout', '27', '--', command]);
  });

  it('is undone exactly by parseWrapped and unwrapCommand', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
        fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
        (command, name, timeoutSec) => {
          const line = wrapCommand({ bin: 'guardrails', name, timeoutSec, command });
          expect(parseWrapped(line)).toEqual({ bin: 'guardrails', name, timeoutSec, command });
          expect(unwrapCommand(line)).toBe(command);
        },
      ),
    );
  });

  it('recognises the bins install writes', () => {
    for (const bin of [
      'guardrails',
      "node '/opt/my tools/node_modules/@steadystate/guardrails/dist/cli.cjs'",
      'node /home/me/src/steadystate/apps/guardrails/dist/cli.cjs',
      'npx --yes @steadystate/guardrails@1.2.0',
      '/usr/local/bin/guardrails',
    ]) {
      expect(parseWrapped(wrapCommand({ bin, name: 'x', command: 'a && b' }))?.command).toBe('a && b');
    }
  });

  it('does not take an unrelated tool for guardrails, unless told its bin', () => {
    const line = "mytool run --name x -- 'rm -rf build'";
    expect(parseWrapped(line)).toBeUndefined();
    expect(isGuardrailsRun(line)).toBe(false);
    expect(parseWrapped(line, ['mytool'])?.command).toBe('rm -rf build');
  });
});

describe('unwrapCommand', () => {
  it('restores a hand-written run line to the text after --', () => {
    expect(unwrapCommand('guardrails run --name lint -- node .claude/hooks/lint.mjs --fix')).toBe(
      'node .claude/hooks/lint.mjs --fix',
    );
    expect(unwrapCommand('npx guardrails run -- ./check.sh')).toBe('./check.sh');
  });

  it.each([
    // the repro: one single-quoted word after -- is the command run gets and runs with sh -c
    [`guardrails run -- 'npm run lint && npm test'`, 'npm run lint && npm test'],
    [
      `guardrails run --timeout 27 -- 'cd "$CLAUDE_PROJECT_DIR" && npx tsc | head -n 20'`,
      'cd "$CLAUDE_PROJECT_DIR" && npx tsc | head -n 20',
    ],
    [
      String.raw`guardrails run -- 'jq -r '\''.tool_input.file_path'\'' | xargs prettier --write'`,
      "jq -r '.tool_input.file_path' | xargs prettier --write",
    ],
    [`guardrails run -- "npm run lint && npm test"`, 'npm run lint && npm test'],
    [
      String.raw`guardrails run -- "echo \"it's\" \\ \$HOME \`date\`"`,
      String.raw`echo "it's" \ $HOME $(date)`.replace('$(date)', '`date`'),
    ],
    [`guardrails run -- "npm test -- $CHANGED_FILE"`, 'npm test -- $CHANGED_FILE'],
    [String.raw`guardrails run -- 'it'\''s'`, "it's"],
    [String.raw`guardrails run -- it\'s`, "it's"],
    // not one quoted word: the text after -- as it is
    ['guardrails run -- ./check.sh', './check.sh'],
    [`guardrails run -- npm run lint '&&' npm test`, `npm run lint '&&' npm test`],
    [`guardrails run -- 'npm run lint' && echo done`, `'npm run lint' && echo done`],
    [`guardrails run -- 'unterminated`, `'unterminated`],
    // a word that expands in place keeps its quotes: it works as a command as written
    [
      'guardrails run -- "$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh',
      '"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh',
    ],
    [
      'guardrails run -- "$CLAUDE_PROJECT_DIR/.claude/hooks/check.sh"',
      '"$CLAUDE_PROJECT_DIR/.claude/hooks/check.sh"',
    ],
  ])('restores hand-written %s to %s', (line, command) => {
    expect(unwrapCommand(line)).toBe(command);
  });

  it('gives back exactly the command of a run line with a quoted word after --, in any form', () => {
    const doubleQuote = (text: string) => `"${text.replace(/[$`"\\]/g, '\\$&')}"`;
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\0')),
        fc.constantFrom(singleQuote, doubleQuote),
        fc.constantFrom(
          'guardrails run --',
          'guardrails run --timeout 27 --',
          "npx guardrails run --name 'my hook' --",
        ),
        (command, quote, head) => {
          const line = `${head} ${quote(command)}`;
          expect(unwrapCommand(line)).toBe(command);
        },
      ),
    );
  });

  it('unquotes a word to the string the shell hands over', () => {
    const word = fc
      .array(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1 }).map(singleQuote),
          fc.string({ unit: 'grapheme' }).map((s) => `"${s.replace(/[$`"\\]/g, '\\$&')}"`),
          fc.stringMatching(/^[A-Za-z0-9_./:@%+=,-]{1,8}$/),
          fc.constantFrom('\\ ', "\\'", '\\"', '\\&', '\\$'),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((parts) => parts.join(''))
      .filter((w) => !w.includes('\0'));
    fc.assert(
      fc.property(word, (w) => {
        const value = unquoteWord(w) ?? w;
        expect(sh(`printf '%s' ${w}`).stdout).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves plain commands and run lines without -- alone', () => {
    expect(unwrapCommand('npm run lint -- --fix')).toBeUndefined();
    expect(unwrapCommand('guardrails run')).toBeUndefined();
    expect(isGuardrailsRun('guardrails run ./x.sh')).toBe(true);
  });
});

describe('runTimeoutFor', () => {
  it.each([
    [30, 27],
    [10, 9],
    [5, 4],
    [2, 1],
    [1, 0.8],
    [45.5, 40.5],
    [0.2, 0.1],
    [30.3, 27.3],
    [3600, 3595],
    [undefined, 595],
  ])('a hook timeout of %s s gives run --timeout %s', (hook, run) => {
    expect(runTimeoutFor(hook)).toBe(run);
  });

  it('is always below the hook timeout and above zero', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100_000, noNaN: true }), (t) => {
        const run = runTimeoutFor(t) as number;
        expect(run).toBeLessThan(t);
        expect(run).toBeGreaterThan(0);
      }),
    );
  });

  it('never gives more than run accepts (2^31-1 ms), however long the hook may run', () => {
    expect(runTimeoutFor(30 * 24 * 3600)).toBe(2_147_483.6);
    expect(runTimeoutFor(1e12)).toBe(2_147_483.6);
    expect(runTimeoutFor(2_000_000)).toBe(1_999_995);
  });

  it('passes no timeout for a nonsense one', () => {
    expect(runTimeoutFor(0)).toBeUndefined();
    expect(runTimeoutFor(-5)).toBeUndefined();
  });
});
