import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { bytesOf, counter, increment, setCount } from '../test/counter.ts';
import { openStateFile, type RecoverEvent } from './index.js';

/** The same steps with and without `syncIo`: what ends up on disk and what the caller sees. */
async function steps(syncIo: boolean) {
  const path = join(tempDir(), 'state.json');
  const events: RecoverEvent[] = [];
  const file = openStateFile(path, counter, { syncIo, onRecover: (e) => events.push(e) });
  const seen: unknown[] = [await file.read()];
  seen.push(await file.update(setCount(3)));
  seen.push(await file.update(increment));
  seen.push(await file.read());
  const disk = { state: readFileSync(path, 'utf8'), bak: readFileSync(`${path}.bak`, 'utf8') };
  const mode = statSync(path).mode & 0o777;
  writeFileSync(path, '{"schemaVersion": "2.0.0", "count": '); // torn
  seen.push(await file.update(increment)); // repaired from the .bak, then updated
  return { seen, disk, mode, after: readFileSync(path, 'utf8'), restored: events.map((e) => e.restoredFrom) };
}

describe('syncIo', () => {
  it('reads, backs up, writes and repairs exactly as the asynchronous calls do', async () => {
    const sync = await steps(true);
    expect(sync).toEqual(await steps(false));
    expect(sync.seen).toEqual([
      { count: 0, updatedBy: null },
      { count: 3, updatedBy: null },
      { count: 4, updatedBy: null },
      { count: 4, updatedBy: null },
      { count: 4, updatedBy: null },
    ]);
    expect(sync.disk).toEqual({
      state: bytesOf({ schemaVersion: '2.0.0', count: 4, updatedBy: null }),
      bak: bytesOf({ schemaVersion: '2.0.0', count: 3, updatedBy: null }),
    });
    expect(sync.mode).toBe(0o600);
    expect(sync.restored).toEqual(['backup']);
  });
});
