import { describe, expect, it } from 'vitest';
import { spawnDirect } from './spawn-direct.js';
import type { SpawnEvents } from './spawner.js';

/** Runs one command through spawnDirect and records what it reported, in order. */
function run(file: string, args: string[]): Promise<{ available: boolean; log: string[] }> {
  return new Promise((resolve) => {
    const log: string[] = [];
    let available = false;
    const events: SpawnEvents = {
      started: (pid) => log.push(`started ${pid > 0}`),
      failed: (error) => {
        log.push(`failed ${error.code}`);
        queueMicrotask(() => resolve({ available, log })); // it may report before returning
      },
      exited: (code, signal) => log.push(`exited ${code} ${signal}`),
      closed: () => {
        log.push('closed');
        resolve({ available, log });
      },
    };
    available = spawnDirect(file, args, { stdin: 'ignore' }, events);
    if (!available) resolve({ available, log });
  });
}

describe.runIf(process.platform === 'linux')('spawnDirect on Linux', () => {
  it('starts a command without node:child_process and reports its exit code', async () => {
    expect(await run('/bin/sh', ['-c', 'exit 3'])).toEqual({
      available: true,
      log: ['started true', 'exited 3 null', 'closed'],
    });
  });

  it('reports the signal that killed it, with no exit code', async () => {
    expect((await run('/bin/sh', ['-c', 'kill -TERM $$'])).log).toEqual([
      'started true',
      'exited null SIGTERM',
      'closed',
    ]);
  });

  it('reports a command that cannot start as failed with its errno code, and nothing else', async () => {
    expect(await run('guardrails-no-such-command-xyz', [])).toEqual({
      available: true,
      log: ['failed ENOENT'],
    });
  });

  it('starts it as the leader of its own process group', async () => {
    const { execFileSync } = await import('node:child_process');
    let pid = 0;
    await new Promise<void>((resolve) => {
      spawnDirect(
        '/bin/sleep',
        ['0.3'],
        { stdin: 'ignore' },
        {
          started: (p) => {
            pid = p;
            resolve();
          },
          failed: () => {},
          exited: () => {},
          closed: () => {},
        },
      );
    });
    const pgid = Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    expect(pgid).toBe(pid);
  });
});
