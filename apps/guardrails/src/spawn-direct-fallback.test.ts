import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpawnEvents } from './spawner.js';

// Each case loads spawn-direct.ts afresh (it remembers the handle class it found), with
// process.binding replaced: where Node's internal process handle is missing or not what the
// file expects, spawnDirect must decline (false, nothing reported), so that runCommand uses
// node:child_process instead, and must never start the command.
const binding = (process as unknown as { binding: (name: string) => unknown }).binding;

async function freshSpawnDirect() {
  vi.resetModules();
  return (await import('./spawn-direct.js')).spawnDirect;
}

function recorder() {
  const log: string[] = [];
  const events: SpawnEvents = {
    started: () => log.push('started'),
    failed: (e) => log.push(`failed ${e.code}`),
    exited: () => log.push('exited'),
    closed: () => log.push('closed'),
  };
  return { log, events };
}

describe.runIf(process.platform !== 'win32')('spawnDirect where the process handle cannot be used', () => {
  afterEach(() => {
    (process as unknown as { binding: unknown }).binding = binding;
  });

  it.each([
    [
      'process.binding throws (e.g. under the permission model)',
      () => {
        throw new Error('No such module: process_wrap');
      },
    ],
    ['the binding has no Process', () => ({})],
    [
      'spawn throws (another shape of options)',
      () => ({
        Process: class {
          spawn(): number {
            throw new TypeError('options.envPairs must be an object');
          }
          close(): void {}
        },
      }),
    ],
    [
      'spawn starts nothing and returns no libuv error',
      () => ({
        Process: class {
          spawn(): number {
            return 0;
          }
          close(): void {}
        },
      }),
    ],
  ])('declines when %s, and for good', async (_, fake) => {
    (process as unknown as { binding: unknown }).binding = fake;
    const spawnDirect = await freshSpawnDirect();
    const { log, events } = recorder();
    expect(spawnDirect('/bin/true', [], { stdin: 'ignore' }, events)).toBe(false);
    (process as unknown as { binding: unknown }).binding = binding; // even once it would work again
    expect(spawnDirect('/bin/true', [], { stdin: 'ignore' }, events)).toBe(false);
    expect(log).toEqual([]);
  });
});
