// Hook commands as people write them: quotes, &&, pipes, $VARS, non-ASCII, empty; shared by the wrap and install tests.
export const HOOK_COMMANDS: readonly string[] = [
  'npm run lint',
  '"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh',
  'cd "$CLAUDE_PROJECT_DIR" && npx tsc --noEmit | head -n 20',
  "jq -r '.tool_input.file_path' | xargs prettier --write",
  `python3 -c 'print("it'"'"'s ok")'`,
  "echo 'a'\\''b' \"c'd\" `date` $(pwd) ; true",
  'echo héllo ✓ 日本 🚀',
  "it's",
  "''",
  '',
  '  leading and trailing spaces  ',
  'line\nbreak',
];
