import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAtBarrier } from './child.js';
import { tempDir } from './temp-dir.js';

describe('startAtBarrier', () => {
  it('is ready when the child says so, and lets it act only on go()', async () => {
    const script = join(tempDir(), 'waits.mjs');
    writeFileSync(
      script,
      "process.stdout.write('ready\\n'); process.stdin.once('data', (d) => { process.stdout.write('got ' + d); process.exit(0); });",
    );
    const c = startAtBarrier(script);
    await c.ready;
    expect(c.child.exitCode).toBeNull(); // still waiting at the barrier
    c.go();
    expect(await c.done).toMatchObject({ code: 0, stdout: 'ready\ngot go\n' });
  });

  it('rejects ready with the stderr of a child that exits before it is ready', async () => {
    const script = join(tempDir(), 'dies.mjs');
    writeFileSync(script, "process.stderr.write('no store\\n'); process.exit(3);");
    await expect(startAtBarrier(script).ready).rejects.toThrow(/exited \(3\) before it was ready: no store/);
  });
});
