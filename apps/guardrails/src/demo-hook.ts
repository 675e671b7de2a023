/**
 * The flaky hook the demo writes into its throwaway folder: it fails its first
 * `failures` runs (a counter file remembers how many ran), then passes.
 */
export function flakyHookSource(failures: number): string {
  return `// written by \`guardrails demo\`: fails its first ${failures} runs, then passes
import { readFileSync, writeFileSync } from 'node:fs';
const counter = new URL('./runs.txt', import.meta.url);
let runs = 0;
try { runs = Number(readFileSync(counter, 'utf8')) || 0; } catch {}
runs += 1;
writeFileSync(counter, String(runs));
let input = '';
for await (const chunk of process.stdin) input += chunk;
const event = JSON.parse(input || '{}');
if (runs <= ${failures}) {
  console.error(\`lint-check: cannot reach the lint server (run \${runs}, \${event.tool_name ?? 'no tool'})\`);
  process.exit(1);
}
console.error(\`lint-check: \${event.tool_input?.file_path ?? 'file'} ok (run \${runs})\`);
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
