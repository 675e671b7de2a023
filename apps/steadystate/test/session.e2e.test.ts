import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { redisService, serviceSuite } from '@steadystate/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sandbox } from './helpers.js';
import { dropRedisNamespace, uniqueNamespace } from './redis-cleanup.js';
import { seedSession } from './session.js';

describe("seed 004's session through the bin", () => {
  it('json (the default backend, in ./.steadystate)', async () => {
    const box = sandbox(['--namespace', 'workflow-123']);
    await seedSession(box, 'json');
    expect(existsSync(join(box.cwd, '.steadystate'))).toBe(true);
  });

  it('json in a folder named by STEADYSTATE_DIR, namespace from STEADYSTATE_NAMESPACE', async () => {
    const box = sandbox([], { STEADYSTATE_DIR: 'state', STEADYSTATE_NAMESPACE: 'workflow-123' });
    await seedSession(box, 'json');
    expect(existsSync(join(box.cwd, 'state'))).toBe(true);
    expect(existsSync(join(box.cwd, '.steadystate'))).toBe(false);
  });

  it('sqlite (--backend sqlite --file state.db)', async () => {
    const box = sandbox(['--backend', 'sqlite', '--file', 'state.db', '--namespace', 'workflow-123']);
    await seedSession(box, 'sqlite');
    expect(existsSync(join(box.cwd, 'state.db'))).toBe(true);
  });
});

await serviceSuite(redisService, "seed 004's session on redis through the bin", (url) => {
  it('redis (--backend redis --url URL, a namespace of its own)', async () => {
    const ns = uniqueNamespace('session');
    onTestFinished(async () => {
      await dropRedisNamespace(url, ns);
    });
    const box = sandbox(['--backend', 'redis', '--url', url, '--namespace', ns]);
    await seedSession(box, 'redis');
  });

  it('copies json -> sqlite -> redis, each copy verified, then loads from redis', async () => {
    const ns = uniqueNamespace('copy');
    const db0 = `${url.replace(/\/\d*$/, '')}/0`;
    onTestFinished(async () => {
      await dropRedisNamespace(db0, ns);
    });
    const box = sandbox(['--namespace', ns]);
    await box.expectRun(['save', 'phase', 'building']);
    await box.expectRun(['save', 'completed_tasks', '["scout","plan"]']);
    await box.expectRun(['checkpoint', 'after_planning']);
    await box.expectRun(['save', 'phase', 'testing']);

    const toSqlite = await box.expectRun(['copy', '--from', 'json:.steadystate', '--to', 'sqlite:state.db']);
    expect(toSqlite.stdout).toBe(
      `Copied 2 keys and 1 checkpoint from json:.steadystate#${ns} to sqlite:state.db#${ns} (verified)\n`,
    );
    expect(toSqlite.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const toRedis = await box.json<{ keys: number; checkpoints: number; verified: boolean; to: string }>([
      'copy',
      '--from',
      'sqlite:state.db',
      '--to',
      db0,
    ]);
    expect(toRedis).toMatchObject({ keys: 2, checkpoints: 1, verified: true, to: `${db0}#${ns}` });

    const redis = ['--backend', 'redis', '--url', db0];
    expect((await box.expectRun([...redis, 'load', 'phase', '--raw'])).stdout).toBe('testing\n');
    expect(await box.json([...redis, 'load', 'completed_tasks'])).toMatchObject({ value: ['scout', 'plan'] });
    await box.expectRun([...redis, 'restore', 'after_planning']);
    expect((await box.expectRun([...redis, 'load', 'phase', '--raw'])).stdout).toBe('building\n');
    // the sqlite copy is untouched by the restore in redis
    expect((await box.expectRun(['--file', 'state.db', 'load', 'phase', '--raw'])).stdout).toBe('testing\n');
  });
});

describe('copy between json and sqlite', () => {
  it('copies keys and checkpoints into another namespace; --keys-only leaves checkpoints out', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'a', '1']);
    await box.expectRun(['save', 'b', '{"x": [1, 2, 3]}']);
    await box.expectRun(['checkpoint', 'one']);
    await box.expectRun(['copy', '--from', 'json:', '--to', 'sqlite:s.db#other']);
    const sqlite = ['--file', 's.db', '--namespace', 'other'];
    expect(await box.json([...sqlite, 'keys'])).toEqual(['a', 'b']);
    expect(await box.json<Array<{ name: string }>>([...sqlite, 'checkpoints'])).toMatchObject([
      { name: 'one' },
    ]);
    expect(await box.json([...sqlite, 'load', 'b'])).toMatchObject({ value: { x: [1, 2, 3] } });

    await box.expectRun(['copy', '--from', 'sqlite:s.db#other', '--to', 'json:copy', '--keys-only']);
    expect(await box.json(['--dir', 'copy', 'keys'])).toEqual(['a', 'b']);
    expect(await box.json(['--dir', 'copy', 'checkpoints'])).toEqual([]);
  });

  it('refuses a copy onto itself and a missing --to (exit 64)', async () => {
    const box = sandbox();
    const same = await box.expectRun(['copy', '--from', 'json:x', '--to', 'json:x'], 64);
    expect(same.stderr).toMatch(
      /^steadystate: expected --to to differ from --from, found both json:x#default/,
    );
    const missing = await box.expectRun(['copy', '--from', 'json:x'], 64);
    expect(missing.stderr).toMatch(/^steadystate: expected --from SPEC and --to SPEC, found no --to/);
    const bad = await box.expectRun(['copy', '--from', 'mongo:x', '--to', 'json:y'], 64);
    expect(bad.stderr).toMatch(/^steadystate: expected --from like json:/);
  });
});
