import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePolicy } from '@steadystate/circuit-breaker';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { policyFor } from './breakers.js';
import {
  ConfigError,
  DEFAULT_SETTINGS,
  loadConfig,
  MAX_COOLDOWN_SECONDS,
  MAX_TIMEOUT_SECONDS,
  settingsFor,
  timeoutMsOf,
} from './config.js';
import { configJsonSchema } from './config-schema.js';

function setup() {
  const home = tempDir('guardrails-home-');
  const project = tempDir('guardrails-project-');
  const write = (dir: string, doc: unknown) => {
    mkdirSync(join(dir, '.claude'), { recursive: true });
    const file = join(dir, '.claude', 'guardrails.json');
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return file;
  };
  return { home, project, write };
}

describe('loadConfig', () => {
  it('gives the built-in defaults when no file exists', async () => {
    const { home, project } = setup();
    const config = await loadConfig({ env: {}, cwd: project, home });
    expect(config.defaults).toEqual({
      failureThreshold: 3,
      successThreshold: 2,
      cooldownSeconds: 300,
      timeoutSeconds: 60,
      onOpen: 'skip',
    });
    expect(config.files).toEqual([]);
    expect(config.sources['defaults.cooldownSeconds']).toBe('default');
  });

  it('layers user file, project file, env and flags, and says where each value came from', async () => {
    const { home, project, write } = setup();
    const userFile = write(home, {
      defaults: { cooldownSeconds: 120, failureThreshold: 5 },
      exclude: ['fmt'],
    });
    const projectFile = write(project, {
      defaults: { cooldownSeconds: 0.5 },
      hooks: { lint: { onOpen: 'block', timeoutSeconds: 10 } },
      exclude: ['notify'],
    });
    const config = await loadConfig({
      env: { CLAUDE_PROJECT_DIR: project, GUARDRAILS_TIMEOUT_SECONDS: '30' },
      cwd: home,
      home,
      flags: { successThreshold: 4 },
    });
    expect(config.files).toEqual([userFile, projectFile]);
    expect(config.defaults).toMatchObject({ cooldownSeconds: 0.5, failureThreshold: 5, successThreshold: 4 });
    expect(config.exclude).toEqual(['fmt', 'notify']);
    const lint = settingsFor(config, 'lint');
    expect(lint).toMatchObject({
      onOpen: 'block',
      timeoutSeconds: 30,
      cooldownSeconds: 0.5,
      excluded: false,
    });
    expect(lint.sources).toEqual({
      failureThreshold: userFile,
      successThreshold: 'flag',
      cooldownSeconds: projectFile,
      timeoutSeconds: 'env:GUARDRAILS_TIMEOUT_SECONDS',
      onOpen: projectFile,
    });
    expect(settingsFor(config, 'notify').excluded).toBe(true);
    expect(settingsFor(config, 'other').onOpen).toBe('skip');
  });

  it('names the file, the key and what was expected', async () => {
    const { home, project, write } = setup();
    const file = write(project, { hooks: { lint: { cooldownSeconds: 'soon' } } });
    const error = await loadConfig({ env: {}, cwd: project, home }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ECONFIG', file, key: 'hooks.lint.cooldownSeconds' });
    expect((error as Error).message).toBe(
      `guardrails: expected hooks.lint.cooldownSeconds in ${file} to be a number of seconds > 0, found "soon"`,
    );
  });

  it('rejects unknown keys, invalid JSON and bad env values', async () => {
    const { home, project, write } = setup();
    write(project, { defaults: { failureTreshold: 2 } });
    await expect(loadConfig({ env: {}, cwd: project, home })).rejects.toMatchObject({
      key: 'defaults.failureTreshold',
      message: expect.stringContaining('a known key'),
    });
    write(project, '{ "defaults": ');
    await expect(loadConfig({ env: {}, cwd: project, home })).rejects.toMatchObject({
      key: '(file)',
      expected: 'valid JSON',
    });
    write(project, { exclude: 'lint' });
    await expect(loadConfig({ env: {}, cwd: project, home })).rejects.toMatchObject({
      key: 'exclude',
      expected: 'a list of hook names',
    });
    write(project, {});
    await expect(
      loadConfig({ env: { GUARDRAILS_FAILURE_THRESHOLD: '0' }, cwd: project, home }),
    ).rejects.toMatchObject({ file: 'env:GUARDRAILS_FAILURE_THRESHOLD', expected: 'an integer >= 1' });
  });
});

describe('upper limits of the durations', () => {
  const timeoutExpected =
    'a number of seconds >= 0 and <= 2147483.647 (2^31-1 ms, about 24.8 days; 0 = no timeout)';
  const cooldownExpected = 'a number of seconds > 0 and <= 3155760000 (100 years)';

  it('refuses a timeout longer than a timer can wait and a cooldown past 100 years, from the environment', async () => {
    const { home, project } = setup();
    const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, cwd: project, home });
    await expect(load({ GUARDRAILS_TIMEOUT_SECONDS: '2200000' })).rejects.toMatchObject({
      code: 'ECONFIG',
      file: 'env:GUARDRAILS_TIMEOUT_SECONDS',
      expected: timeoutExpected,
      found: '"2200000"',
    });
    await expect(load({ GUARDRAILS_COOLDOWN_SECONDS: '1e13' })).rejects.toMatchObject({
      code: 'ECONFIG',
      file: 'env:GUARDRAILS_COOLDOWN_SECONDS',
      message: `guardrails: expected GUARDRAILS_COOLDOWN_SECONDS in env:GUARDRAILS_COOLDOWN_SECONDS to be ${cooldownExpected}, found "1e13"`,
    });
    const atLimit = await load({
      GUARDRAILS_TIMEOUT_SECONDS: String(MAX_TIMEOUT_SECONDS),
      GUARDRAILS_COOLDOWN_SECONDS: String(MAX_COOLDOWN_SECONDS),
    });
    expect(atLimit.defaults).toMatchObject({ timeoutSeconds: 2147483.647, cooldownSeconds: 3155760000 });
  });

  it('... from a config file, naming the file and the key', async () => {
    const { home, project, write } = setup();
    const load = () => loadConfig({ env: {}, cwd: project, home });
    let file = write(project, { defaults: { timeoutSeconds: 2200000 } });
    await expect(load()).rejects.toMatchObject({
      code: 'ECONFIG',
      file,
      key: 'defaults.timeoutSeconds',
      message: `guardrails: expected defaults.timeoutSeconds in ${file} to be ${timeoutExpected}, found 2200000`,
    });
    file = write(project, { hooks: { lint: { cooldownSeconds: 1e13 } } });
    await expect(load()).rejects.toMatchObject({
      file,
      key: 'hooks.lint.cooldownSeconds',
      expected: cooldownExpected,
      found: '10000000000000',
    });
    file = write(home, { hooks: { lint: { timeoutSeconds: 2147483.648 } } });
    write(project, {});
    await expect(load()).rejects.toMatchObject({ file, key: 'hooks.lint.timeoutSeconds' });
    write(home, {
      hooks: { lint: { timeoutSeconds: MAX_TIMEOUT_SECONDS, cooldownSeconds: MAX_COOLDOWN_SECONDS } },
    });
    expect(settingsFor(await load(), 'lint')).toMatchObject({
      timeoutSeconds: MAX_TIMEOUT_SECONDS,
      cooldownSeconds: MAX_COOLDOWN_SECONDS,
    });
  });

  it('... from a flag', async () => {
    const { home, project } = setup();
    await expect(
      loadConfig({ env: {}, cwd: project, home, flags: { timeoutSeconds: 2200000 } }),
    ).rejects.toMatchObject({ file: 'flag', key: 'timeoutSeconds', expected: timeoutExpected });
  });

  it('turns a timeout into a timer delay of at least 1 ms; 0 stays "never"', () => {
    expect(timeoutMsOf(0)).toBe(0);
    expect(timeoutMsOf(0.0004)).toBe(1);
    expect(timeoutMsOf(2.5)).toBe(2500);
    expect(timeoutMsOf(MAX_TIMEOUT_SECONDS)).toBe(2 ** 31 - 1);
  });

  it("keeps the cooldown limit equal to circuit-breaker's (a policy at the limit resolves, past it not)", () => {
    const at = policyFor({
      ...DEFAULT_SETTINGS,
      cooldownSeconds: MAX_COOLDOWN_SECONDS,
      timeoutSeconds: MAX_TIMEOUT_SECONDS,
    });
    expect(resolvePolicy(at).cooldownMs).toBe(MAX_COOLDOWN_SECONDS * 1000);
    const past = policyFor({ ...DEFAULT_SETTINGS, cooldownSeconds: MAX_COOLDOWN_SECONDS + 0.001 });
    expect(() => resolvePolicy(past)).toThrow(/policy\.cooldownMs/);
  });
});

describe('configJsonSchema', () => {
  it('matches apps/guardrails/guardrails.schema.json (GUARDRAILS_UPDATE_SCHEMA=1 rewrites it)', () => {
    const file = fileURLToPath(new URL('../guardrails.schema.json', import.meta.url));
    const schema = configJsonSchema();
    if (process.env.GUARDRAILS_UPDATE_SCHEMA === '1')
      writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
    expect(
      JSON.parse(readFileSync(file, 'utf8')),
      'stale schema: run GUARDRAILS_UPDATE_SCHEMA=1 npx vitest run --project guardrails, then biome format',
    ).toEqual(schema);
    const shape = schema as {
      properties: { defaults: { properties: { onOpen: { enum: string[] } } } };
      additionalProperties: boolean;
    };
    expect(shape.properties.defaults.properties.onOpen.enum).toEqual(['skip', 'block']);
    expect(shape.additionalProperties).toBe(false);
  });
});
