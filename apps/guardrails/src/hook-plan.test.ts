import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOOK_COMMANDS } from '../test/hook-commands.js';
import { FULL_COMMANDS, SAMPLES } from '../test/settings-samples.js';
import { planInstall, planUninstall } from './hook-plan.js';
import { parseSettings } from './settings-file.js';
import { singleQuote, unwrapCommand } from './wrap-command.js';

const install = (text: string, bin = 'guardrails') =>
  planInstall(parseSettings('s.json', text), { bin }).text;
const uninstall = (text: string) => planUninstall(parseSettings('s.json', text)).text;

/** Every command string of a settings value, in order. */
function commands(value: unknown): string[] {
  const out: string[] = [];
  const hooks = (
    value as { hooks?: Record<string, Array<{ hooks: Array<{ type: string; command?: string }> }>> }
  ).hooks;
  for (const groups of Object.values(hooks ?? {}))
    for (const g of groups) for (const h of g.hooks) if (h.type === 'command') out.push(h.command as string);
  return out;
}

describe('install and uninstall of settings files', () => {
  it.each(Object.keys(SAMPLES).filter((k) => k !== 'invalid' && k !== 'partlyWrapped'))(
    'uninstall(install(%s)) gives back the file byte for byte',
    (key) => {
      const before = SAMPLES[key as keyof typeof SAMPLES];
      expect(uninstall(install(before))).toBe(before);
    },
  );

  it('uninstall(install(x)) is uninstall(x) when x already has wrapped commands', () => {
    expect(uninstall(install(SAMPLES.partlyWrapped))).toBe(uninstall(SAMPLES.partlyWrapped));
  });

  it('wraps every command hook and changes nothing else', () => {
    const after = JSON.parse(install(SAMPLES.full));
    const before = JSON.parse(SAMPLES.full);
    const wrapped = commands(after);
    expect(wrapped).toHaveLength(FULL_COMMANDS);
    expect(wrapped.map((c) => unwrapCommand(c))).toEqual(commands(before));
    // replace the commands back: the rest of the document is identical, key order included
    let i = 0;
    const original = commands(before);
    const restored = JSON.stringify(after, (key, value) => (key === 'command' ? original[i++] : value), 2);
    expect(`${restored}\n`).toBe(SAMPLES.full);
  });

  it('keeps prompt, agent and http hooks and other keys as they are', () => {
    const after = JSON.parse(install(SAMPLES.full));
    expect(after.hooks.PostToolUse[0].hooks[1]).toEqual({
      type: 'prompt',
      prompt: 'Check that the edit kept the tests passing.',
    });
    expect(after.hooks.Stop[0].hooks.slice(1)).toEqual(JSON.parse(SAMPLES.full).hooks.Stop[0].hooks.slice(1));
    expect(Object.keys(after)).toEqual(['$schema', 'permissions', 'env', 'hooks', 'model']);
  });

  it('is idempotent: installing twice is installing once', () => {
    for (const text of Object.values(SAMPLES).filter((t) => t !== SAMPLES.invalid)) {
      const once = install(text);
      expect(install(once)).toBe(once);
    }
  });

  it('gives unique names per file, the same name to the same command, and timeouts below the hook timeout', () => {
    const plan = planInstall(parseSettings('s.json', SAMPLES.full), { bin: 'guardrails' });
    const byCommand = Object.fromEntries(plan.changes.map((c) => [c.before, c.name]));
    expect(byCommand['cd "$CLAUDE_PROJECT_DIR" && npm run lint -- --fix 2>&1 | tail -n 20']).toBe('lint');
    expect(byCommand['node .claude/hooks/lint.mjs']).toBe('lint-2');
    expect(byCommand['./scripts/lint.sh']).toBe('lint-3');
    expect(byCommand['"$CLAUDE_PROJECT_DIR"/.claude/hooks/protect-files.sh']).toBe('protect-files');
    const stop = plan.changes.find((c) => c.hook.event === 'Stop');
    expect(stop?.after).toBe("guardrails run --name lint-2 --timeout 115 -- 'node .claude/hooks/lint.mjs'");
    const session = plan.changes.find((c) => c.hook.event === 'SessionStart');
    expect(session?.after).toBe(
      "guardrails run --name lint-2 --timeout 595 -- 'node .claude/hooks/lint.mjs'",
    );
  });

  it('leaves wrapped commands alone, keeps their names and does not reuse them', () => {
    const plan = planInstall(parseSettings('s.json', SAMPLES.partlyWrapped), { bin: 'guardrails' });
    expect(plan.kept.map((k) => k.why)).toEqual(['already wrapped', 'already runs through guardrails']);
    expect(plan.changes.map((c) => [c.before, c.name])).toEqual([
      ['npm run lint', 'lint'],
      ['npx eslint .', 'eslint'],
    ]);
  });

  it('restores hand-written run lines to their command on uninstall', () => {
    const after = JSON.parse(uninstall(SAMPLES.partlyWrapped));
    expect(commands(after)).toEqual([
      'npm run lint',
      'node .claude/hooks/typecheck.mjs',
      'npm run lint',
      'npx eslint .',
    ]);
  });

  /** Commands with quotes, &&, pipes, $VARS and quotes inside quotes. */
  const SHELLY = [
    ...HOOK_COMMANDS,
    'npm run lint && npm test',
    `bash -c 'echo "$HOME" | tr a-z A-Z'`,
    String.raw`sh -c "echo \"it's \$HOME\"" || exit 2`,
    String.raw`printf '%s\n' 'it'\''s' "a \"b\" c" | grep -q b`,
    '"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh "$TOOL_INPUT" 2>&1 | tail -n 5',
    String.raw`echo \'\" \$X \\ ; true`,
  ];
  const settingsWith = (list: string[]) =>
    `${JSON.stringify({ hooks: { PostToolUse: [{ hooks: list.map((command) => ({ type: 'command', command })) }] } }, null, 2)}\n`;

  it.each(SHELLY)('uninstall(install(x)) gives back %j exactly', (command) => {
    const text = settingsWith([command]);
    for (const bin of ['guardrails', "node '/opt/my tools/guardrails/dist/cli.cjs'"]) {
      expect(uninstall(install(text, bin))).toBe(text);
    }
  });

  it.each(SHELLY.filter((c) => c !== ''))(
    'restores a hand-written run line around %j to the command itself',
    (command) => {
      const hand = settingsWith([`guardrails run -- ${singleQuote(command)}`]);
      const plain = settingsWith([command]);
      expect(uninstall(hand)).toBe(plain);
      expect(uninstall(install(uninstall(hand)))).toBe(plain);
    },
  );

  it('has nothing to do in an empty file, {} or a file without hooks', () => {
    for (const text of [SAMPLES.empty, SAMPLES.braces, SAMPLES.noHooks]) {
      const plan = planInstall(parseSettings('s.json', text), { bin: 'guardrails' });
      expect(plan.changes).toEqual([]);
      expect(plan.text).toBe(text);
    }
  });

  it('rejects invalid JSON with its line and column', () => {
    expect(() => parseSettings('/p/settings.json', SAMPLES.invalid)).toThrow(
      expect.objectContaining({ code: 'ESETTINGSJSON', line: 5, column: 5 }),
    );
  });

  it('rejects settings that are not an object, or hooks that are not an object', () => {
    expect(() => parseSettings('s.json', '[]')).toThrow(expect.objectContaining({ code: 'ESETTINGSSHAPE' }));
    expect(() => parseSettings('s.json', '{"hooks": []}')).toThrow(
      expect.objectContaining({ code: 'ESETTINGSSHAPE' }),
    );
  });

  it('round-trips any well-formatted settings with any command strings', () => {
    const hook = fc.oneof(
      fc.record({ type: fc.constant('command'), command: fc.string({ unit: 'grapheme' }) }),
      fc.record({
        type: fc.constant('command'),
        command: fc.string({ unit: 'grapheme' }),
        timeout: fc.integer({ min: 1, max: 900 }),
      }),
      fc.record({ type: fc.constant('prompt'), prompt: fc.string() }),
    );
    const group = fc.record(
      { matcher: fc.string(), hooks: fc.array(hook, { maxLength: 4 }) },
      { requiredKeys: ['hooks'] },
    );
    const settings = fc.record(
      {
        hooks: fc.dictionary(
          fc.constantFrom('PreToolUse', 'PostToolUse', 'Stop', 'SessionStart'),
          fc.array(group),
        ),
        model: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(settings, (value) => {
        const text = `${JSON.stringify(value, null, 2)}\n`;
        const once = install(text);
        expect(install(once)).toBe(once);
        expect(uninstall(once)).toBe(text);
        const names = planUninstall(parseSettings('s.json', once)).changes.map((c) => c.name);
        const distinctCommands = new Set(commands(value)).size;
        expect(new Set(names).size).toBe(distinctCommands);
      }),
      { numRuns: 100 },
    );
  });
});
