import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { lock } from './index.js';
import { salvageToken } from './token-file.js';

describe('a damaged token file', () => {
  it('never sends tokens back: the next acquisition gets a larger token than any it held', async () => {
    const path = join(tempDir(), 'state.json');
    // a record that can never be read whole: no `check`, as an older version wrote it
    writeFileSync(`${path}.lock.token`, '{"token":32}');
    const handle = await lock(path);
    expect(handle.token).toBeGreaterThan(32);
    await handle.release();
    const again = await lock(path);
    expect(again.token).toBeGreaterThan(handle.token);
    await again.release();
  });

  it('salvages the largest token or check value, and 0 from garbage', () => {
    expect(salvageToken('{"token":41,"check":40')).toBe(41);
    expect(salvageToken('{"token":7,"next":"p1","until":1700000000000,"check":9}')).toBe(9);
    expect(salvageToken('\u0000\u0000 garbage')).toBe(0);
  });
});
