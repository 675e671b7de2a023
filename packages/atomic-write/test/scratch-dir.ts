import { rmSync } from 'node:fs';
import { tempDir } from '@steadystate/testkit';
import { onTestFinished } from 'vitest';

/**
 * testkit's `tempDir()`, removed when the current test finishes. (tempDir's own
 * `afterEach` is not run by vitest 4 when it is registered inside a running test.)
 */
export function scratchDir(): string {
  const dir = tempDir('atomic-write-');
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
