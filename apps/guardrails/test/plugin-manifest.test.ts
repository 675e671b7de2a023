/**
 * The Claude Code plugin files at the repository root, checked against the shape
 * the Claude Code plugin and marketplace references document.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSettings } from '../src/settings-file.js';
import { BIN, sandbox } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const relative = z.string().startsWith('./');
const author = z.object({
  name: z.string().min(1),
  email: z.string().optional(),
  url: z.string().optional(),
});

const pluginManifest = z.object({
  name: kebab,
  version: z.string().regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/),
  description: z.string().min(1),
  author,
  homepage: z.string().url().optional(),
  repository: z.string().url(),
  license: z.string().min(1),
  keywords: z.array(z.string().min(1)).min(1),
  skills: z.union([relative, z.array(relative)]).optional(),
  commands: z.union([relative, z.array(relative)]).optional(),
  agents: z.union([relative, z.array(relative)]).optional(),
});

const marketplace = z.object({
  name: kebab,
  owner: author,
  metadata: z.object({ description: z.string().optional(), version: z.string().optional() }).optional(),
  plugins: z
    .array(
      z.object({
        name: kebab,
        source: z.union([relative, z.object({ source: z.string() }).passthrough()]),
        description: z.string().min(1),
        version: z.string().optional(),
        author: author.optional(),
        homepage: z.string().url().optional(),
        repository: z.string().url().optional(),
        license: z.string().optional(),
        keywords: z.array(z.string()).optional(),
        category: z.string().optional(),
        strict: z.boolean().optional(),
        skills: z.array(relative).optional(),
      }),
    )
    .min(1),
});

const EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
  'Notification',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'PreCompact',
  'SessionEnd',
];

const hooksFile = z.object({
  description: z.string().optional(),
  hooks: z.partialRecord(
    z.enum(EVENTS as [string, ...string[]]),
    z.array(
      z.object({
        matcher: z.string().optional(),
        hooks: z
          .array(
            z.object({
              type: z.literal('command'),
              command: z.string().min(1),
              timeout: z.number().positive().optional(),
            }),
          )
          .min(1),
      }),
    ),
  ),
});

describe('Claude Code plugin files', () => {
  const plugin = pluginManifest.parse(read('.claude-plugin/plugin.json'));
  const market = marketplace.parse(read('.claude-plugin/marketplace.json'));
  const entry = market.plugins.find((p) => p.name === plugin.name);

  it('plugin.json has the documented fields and follows the guardrails package', () => {
    expect(plugin.name).toBe('guardrails');
    expect(plugin.version).toBe(pkg.version);
    expect(plugin.license).toBe(pkg.license);
    // hooks/hooks.json is loaded by convention; naming it again makes Claude Code reject a duplicate
    expect(read('.claude-plugin/plugin.json')).not.toHaveProperty('hooks');
  });

  it('marketplace.json lists the plugin from the repository root, non-strict', () => {
    expect(entry).toMatchObject({ source: './', strict: false, version: plugin.version });
    expect(entry?.description).toBe(plugin.description);
    expect(read('.claude-plugin/marketplace.json').plugins[0]).not.toHaveProperty('hooks');
  });

  it('lists every skill folder there is, and only folders that exist', () => {
    const listed = (entry?.skills ?? []).map((s) => s.replace(/^\.\/|\/$/g, ''));
    for (const path of listed) expect(existsSync(join(ROOT, path)), path).toBe(true);
    const skillsDir = join(ROOT, 'skills');
    if (!existsSync(skillsDir)) return;
    for (const name of readdirSync(skillsDir)) {
      if (!existsSync(join(skillsDir, name, 'SKILL.md'))) continue;
      expect(listed.includes(`skills/${name}`) || listed.includes('skills'), `skills/${name} listed`).toBe(
        true,
      );
    }
  });

  it('hooks/hooks.json is a valid hooks file whose commands run files of the plugin', () => {
    const raw = readFileSync(join(ROOT, 'hooks', 'hooks.json'), 'utf8');
    const hooks = hooksFile.parse(JSON.parse(raw));
    const doc = parseSettings('hooks.json', raw);
    expect(doc.commands.length).toBeGreaterThan(0);
    expect(doc.warnings).toEqual([]);
    for (const hook of doc.commands) {
      const paths = [...hook.command.matchAll(/\$\{CLAUDE_PLUGIN_ROOT\}\/([^"'\s]+)/g)].map(
        (m) => m[1] as string,
      );
      expect(paths.length, hook.command).toBeGreaterThan(0);
      for (const path of paths) expect(statSync(join(ROOT, path)).isFile(), path).toBe(true);
    }
    expect(Object.keys(hooks.hooks)).toEqual(['SessionStart']);
  });
});

describe('the SessionStart hook of the plugin', () => {
  const script = join(ROOT, 'hooks', 'session-start.mjs');
  const run = (env: NodeJS.ProcessEnv) =>
    runNode(script, [], { env, input: '{"hook_event_name":"SessionStart"}' });

  it('prints a systemMessage while a hook is paused, using the built guardrails of the checkout', async () => {
    expect(existsSync(BIN)).toBe(true);
    const box = sandbox();
    for (let i = 0; i < 3; i++) {
      await box.guardrails(['run', '--name', 'lint', '--', process.execPath, '-e', 'process.exit(1)']);
    }
    const r = await run({ ...box.env, CLAUDE_PLUGIN_ROOT: ROOT, CLAUDE_PLUGIN_DATA: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).systemMessage).toMatch(
      /^guardrails: 1 hook is paused\.\nlint: 3 failures in a row/,
    );
  });

  it('reads ~/.claude/guardrails, not the plugin data folder, when GUARDRAILS_STATE_DIR is unset', async () => {
    const box = sandbox();
    const env = { ...box.env, GUARDRAILS_STATE_DIR: join(box.home, '.claude', 'guardrails') };
    for (let i = 0; i < 3; i++)
      await box.guardrails(['run', '--name', 'x', '--', process.execPath, '-e', 'process.exit(3)'], { env });
    const r = await run({
      ...box.env,
      GUARDRAILS_STATE_DIR: '',
      CLAUDE_PLUGIN_ROOT: ROOT,
      CLAUDE_PLUGIN_DATA: tempDir(),
    });
    expect(JSON.parse(r.stdout).systemMessage).toContain('x: 3 failures in a row');
  });

  it('prints nothing and exits 0 when nothing is paused, or when no guardrails can be found', async () => {
    const box = sandbox();
    const quiet = await run({ ...box.env, CLAUDE_PLUGIN_ROOT: ROOT });
    expect([quiet.code, quiet.stdout]).toEqual([0, '']);
    const nowhere = await run({ ...box.env, CLAUDE_PLUGIN_ROOT: tempDir(), PATH: '' });
    expect([nowhere.code, nowhere.stdout]).toEqual([0, '']);
  });
});
