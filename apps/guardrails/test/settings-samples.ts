/**
 * Sample Claude Code settings.json files. Objects are written out as
 * `JSON.stringify(value, null, 2)` plus a newline (what "well formatted" means);
 * the odd layouts are kept as raw text.
 */

const full = {
  $schema: 'https://json.schemastore.org/claude-code-settings.json',
  permissions: { allow: ['Bash(npm run lint)'], deny: [] },
  env: { FOO: 'bar' },
  hooks: {
    PreToolUse: [
      {
        matcher: 'Edit|Write',
        hooks: [
          { type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/protect-files.sh', timeout: 30 },
          { type: 'command', command: "jq -r '.tool_input.file_path' | xargs npx prettier --check" },
        ],
      },
      {
        matcher: 'Bash',
        hooks: [{ type: 'command', command: `python3 -c 'import sys; print("it'"'"'s fine")'`, timeout: 5 }],
      },
    ],
    PostToolUse: [
      {
        matcher: 'Edit|MultiEdit|Write',
        hooks: [
          { type: 'command', command: 'cd "$CLAUDE_PROJECT_DIR" && npm run lint -- --fix 2>&1 | tail -n 20' },
          { type: 'prompt', prompt: 'Check that the edit kept the tests passing.' },
        ],
      },
    ],
    UserPromptSubmit: [
      { hooks: [{ type: 'command', command: 'echo "héllo ✓ 日本 🚀" >&2; exit 0', timeout: 2 }] },
    ],
    Stop: [
      {
        hooks: [
          { type: 'command', command: 'node .claude/hooks/lint.mjs', timeout: 120 },
          { type: 'agent', prompt: 'Verify the work is done.' },
          { type: 'http', url: 'https://example.invalid/hook' },
        ],
      },
    ],
    SessionStart: [
      { matcher: 'startup', hooks: [{ type: 'command', command: 'node .claude/hooks/lint.mjs' }] },
    ],
    Notification: [{ hooks: [{ type: 'command', command: './scripts/lint.sh' }] }],
  },
  model: 'opus',
};

const partlyWrapped = {
  hooks: {
    PreToolUse: [
      {
        matcher: 'Bash',
        hooks: [
          {
            type: 'command',
            command: "guardrails run --name lint --timeout 27 -- 'npm run lint'",
            timeout: 30,
          },
          { type: 'command', command: 'guardrails run -- node .claude/hooks/typecheck.mjs' },
          { type: 'command', command: 'npm run lint' },
          { type: 'command', command: 'npx eslint .' },
        ],
      },
    ],
  },
};

const noHooks = { permissions: { allow: ['Read'] }, model: 'sonnet' };

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The command hooks of `full`, in file order. */
export const FULL_COMMANDS = 8;

export const SAMPLES = {
  full: text(full),
  partlyWrapped: text(partlyWrapped),
  noHooks: text(noHooks),
  empty: '',
  braces: '{}\n',
  fourSpaces:
    '{\n    "hooks": {\n        "Stop": [ { "hooks": [ { "type": "command", "command": "make check" } ] } ]\n    },\n\n    "model": "x"\n}',
  invalid:
    '{\n  "hooks": {\n    "Stop": [\n      { "hooks": [ { "type": "command", "command": "x" } ] },\n    ]\n  }\n}\n',
} as const;
