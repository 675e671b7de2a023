import { fileURLToPath } from 'node:url';
import { runNode } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/entries.cjs', import.meta.url));

describe('built entries (ESM and CommonJS)', () => {
  it('share one copy of each error class, so instanceof works from every entry', async () => {
    const main = await import('@steadystate/state-machine');
    const sqlite = await import('@steadystate/state-machine/sqlite');
    expect(sqlite.SchemaVersionError).toBe(main.SchemaVersionError);
    const workflow = (await import('@steadystate/state-machine/workflow')) as Record<string, unknown>;
    expect(Object.keys(workflow).length).toBeGreaterThan(0);
  });

  it('load with require(), including the SQLite sink', async () => {
    const { code, stdout, stderr } = await runNode(fixture);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('EINVALIDTRANSITION true 1 true');
  });
});
