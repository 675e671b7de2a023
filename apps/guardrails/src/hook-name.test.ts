import { describe, expect, it } from 'vitest';
import { deriveHookName, splitWords } from './hook-name.js';

describe('deriveHookName', () => {
  it.each([
    [['node', '.claude/hooks/lint.mjs'], 'lint'],
    [['python3', '/home/u/.claude/hooks/format_code.py', '--fix'], 'format-code'],
    [['bash', 'scripts/check-types.sh'], 'check-types'],
    [['uv', 'run', 'ruff', 'check', '.'], 'ruff'],
    [['deno', 'run', '-A', 'hooks/Guard.ts'], 'guard'],
    [['npx', '--yes', 'eslint', '.'], 'eslint'],
    [['FOO=1', 'BAR=2', 'node', 'x/PreToolUseGuard.js'], 'pre-tool-use-guard'],
    [['npm', 'run', 'typecheck'], 'typecheck'],
    [['python', '-m', 'black'], 'black'],
    [['./hooks/block-rm'], 'block-rm'],
  ])('%j -> %s', (argv, name) => {
    expect(deriveHookName(argv)).toBe(name);
  });

  it('splits one shell line, skipping cd and quotes', () => {
    expect(deriveHookName(['"$CLAUDE_PROJECT_DIR"/.claude/hooks/stop-check.sh'])).toBe('stop-check');
    expect(deriveHookName(['cd "$CLAUDE_PROJECT_DIR" && npm run lint -- --fix'])).toBe('lint');
    expect(deriveHookName(['FORCE_COLOR=0 node hooks/a.js | tee log'])).toBe('a');
  });

  it('falls back to "hook"', () => {
    expect(deriveHookName([])).toBe('hook');
    expect(deriveHookName(['node'])).toBe('hook');
    expect(deriveHookName(['true'])).toBe('true');
    expect(deriveHookName(['!!!'])).toBe('hook');
  });
});

describe('splitWords', () => {
  it('keeps quoted spaces and separates operators', () => {
    expect(splitWords(`a 'b c' "d"&&e|f;g ''`)).toEqual(['a', 'b c', 'd', '&&', 'e', '|', 'f', ';', 'g', '']);
  });
});
