import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineVersioned } from '@steadystate/schema-migration';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bytesOf } from '../test/counter.ts';
import { openStateFile, type RecoverEvent } from './index.js';

// v1 { counter } -> v2 { count }; the step refuses a negative counter, and no step leaves 1.5.0
const doc = defineVersioned({
  name: 'counter',
  version: '2.0.0',
  schema: z.object({ count: z.number().int().min(0) }),
  migrations: [
    {
      from: '1.0.0',
      to: '2.0.0',
      up: (d) => {
        if ((d.counter as number) < 0) throw new Error('cannot migrate a negative counter');
        return { count: d.counter };
      },
    },
  ],
  defaults: () => ({ count: 0 }),
});

function setup(bytes: string) {
  const dir = tempDir();
  const path = join(dir, 'state.json');
  writeFileSync(path, bytes);
  writeFileSync(`${path}.bak`, bytesOf({ schemaVersion: '2.0.0', count: 5 }));
  const events: RecoverEvent[] = [];
  const file = openStateFile(path, doc, { fsync: false, onRecover: (e) => events.push(e) });
  const before = { bak: readFileSync(`${path}.bak`, 'utf8'), mtimeMs: statSync(path).mtimeMs };
  /** The state file, its .bak and the folder are as they were: no .corrupt- copy, nothing new. */
  const assertLeftAlone = () => {
    expect(readFileSync(path, 'utf8')).toBe(bytes);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(before.bak);
    const names = readdirSync(dir).filter((n) => !n.startsWith(`${basename(path)}.lock`));
    expect(names.sort()).toEqual(['state.json', 'state.json.bak']);
    expect(events).toEqual([]);
  };
  return { path, file, assertLeftAlone };
}

describe.each([
  ['a gap in the migrations', '{"schemaVersion":"1.5.0","counter":3}', { reason: 'gap', from: '1.5.0' }],
  [
    'a failing migration step',
    '{"schemaVersion":"1.0.0","counter":-3}',
    { reason: 'step-failed', from: '1.0.0', to: '2.0.0' },
  ],
])('%s is not corruption', (_, bytes, expected) => {
  it.each(['read', 'update', 'reset'] as const)(
    '%s() throws EMIGRATION and leaves the file alone',
    async (op) => {
      const { file, assertLeftAlone } = setup(bytes);
      const run = { read: () => file.read(), update: () => file.update(() => {}), reset: () => file.reset() }[
        op
      ];
      await expect(run()).rejects.toMatchObject({ code: 'EMIGRATION', ...expected });
      assertLeftAlone();
    },
  );
});

it("passes a failing step's own error on as the cause, naming the edge", async () => {
  const { file, assertLeftAlone } = setup('{"schemaVersion":"1.0.0","counter":-3}');
  const err = (await file.update(() => {}).catch((e: unknown) => e)) as Error;
  expect((err.cause as Error).message).toBe('cannot migrate a negative counter');
  expect(err.message).toContain('1.0.0 -> 2.0.0');
  assertLeftAlone();
});
