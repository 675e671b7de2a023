/**
 * The flaky hook the demo writes into its throwaway folder (CommonJS, so it runs the
 * same everywhere): it fails its first `failures` runs (a counter file beside it
 * remembers how many ran), then passes.
 */
export function flakyHookSource(failures: number): string {
  return `// written by \`guardrails demo\`: fails its first ${failures} runs, then passes
const fs = require('node:fs');
const path = require('node:path');
const counter = path.join(__dirname, 'runs.txt');
let runs = 0;
try { runs = Number(fs.readFileSync(counter, 'utf8')) || 0; } catch {}
runs += 1;
fs.writeFileSync(counter, String(runs));
let event = {};
try { event = JSON.parse(fs.readFileSync(0, 'utf8') || '{}'); } catch {}
if (runs <= ${failures}) {
  console.error(\`lint-check: cannot reach the lint server (run \${runs}, \${event.tool_name || 'no tool'})\`);
  process.exit(1);
}
console.error(\`lint-check: \${(event.tool_input && event.tool_input.file_path) || 'file'} ok (run \${runs})\`);
`;
}

/** The PostToolUse input Claude Code would pipe to the hook. */
export function hookInput(cwd: string): string {
  return JSON.stringify({
    session_id: 'demo',
    transcript_path: '',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PostToolUse',
    tool_name: 'Edit',
    tool_input: { file_path: 'src/app.ts' },
    tool_use_id: 'toolu_demo',
  });
}
