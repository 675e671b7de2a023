import { EXIT, parseFlags, runCommand } from '../command-flags.js';
import { loadConfig, SETTING_KEYS, settingsFor } from '../config.js';
import type { CommandContext } from '../context.js';
import { formatTable } from '../format.js';
import { homeDir, projectConfigPath, resolveStateDir, userConfigPath } from '../paths.js';
import { projectDir } from '../settings-target.js';

export const help = `Usage: guardrails config [--json]

Shows the effective configuration and where each value comes from: the built-in
default, a config file, a GUARDRAILS_* environment variable or a flag; the config
files looked at (~/.claude/guardrails.json, then <project>/.claude/guardrails.json,
later wins; project = $CLAUDE_PROJECT_DIR or cwd); and the state directory.

Options:
  --json  the same as JSON

Exit codes: 0 ok, 1 a config file or variable is invalid (the message names it), 64 usage.
`;

type Setting = { value: unknown; source: string };

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  return runCommand('config', ctx, async () => {
    const { values } = parseFlags(argv, { json: { type: 'boolean' } });
    const home = homeDir(ctx.env);
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd, home });
    const candidates = [...new Set([userConfigPath(home), projectConfigPath(projectDir(ctx.env, ctx.cwd))])];
    const files = candidates.map((path) => ({ path, found: config.files.includes(path) }));
    const state = resolveStateDir(ctx.env, home);
    const defaults: Record<string, Setting> = {};
    for (const key of SETTING_KEYS) {
      defaults[key] = { value: config.defaults[key], source: config.sources[`defaults.${key}`] ?? 'default' };
    }
    const hooks: Record<string, Record<string, Setting>> = {};
    for (const name of Object.keys(config.hooks).sort()) {
      const effective = settingsFor(config, name);
      hooks[name] = {};
      for (const key of SETTING_KEYS)
        hooks[name][key] = { value: effective[key], source: effective.sources[key] };
    }
    const exclude = { hooks: config.exclude, source: config.sources.exclude ?? 'default' };
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify({ files, stateDir: state, defaults, hooks, exclude }, null, 2)}\n`);
      return EXIT.ok;
    }
    const out: string[] = ['Config files (later wins):'];
    for (const f of files) out.push(`  ${f.path}  ${f.found ? '(read)' : '(not found)'}`);
    out.push('', `State directory: ${state.dir}  (${describeStateSource(state.source)})`, '');
    out.push('Defaults for every hook:', indent(settingsTable(defaults)));
    for (const [name, settings] of Object.entries(hooks)) {
      out.push('', `Hook ${name}:`, indent(settingsTable(settings)));
    }
    out.push(
      '',
      exclude.hooks.length
        ? `Excluded (always run unguarded): ${exclude.hooks.join(', ')}  (${exclude.source})`
        : 'Excluded: none',
    );
    ctx.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  });
}

function settingsTable(settings: Record<string, Setting>): string {
  const rows = Object.entries(settings).map(([key, s]) => [key, JSON.stringify(s.value), s.source]);
  return formatTable(['KEY', 'VALUE', 'FROM'], rows);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function describeStateSource(source: string): string {
  if (source === 'default') return 'default: ~/.claude/guardrails';
  return `from $${source}`;
}
