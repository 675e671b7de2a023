import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from './sqlite-backend.js';
import { StateManager } from './state-manager.js';

// SQLite: its close() really closes the database (a MemoryBackend's or JsonBackend's close()
// holds nothing, so a manager closing one would go unnoticed).
describe('StateManager.close and the backend', () => {
  it('leaves a passed-in backend open: another manager on it still reads and writes', async () => {
    const backend = new SqliteBackend({ file: join(tempDir(), 'state.db') });
    const one = await StateManager.open({ backend, namespace: 'work' });
    const two = await StateManager.open({ backend, namespace: 'work' });
    await one.save('phase', 'building');
    await one.checkpoint('cp');
    await one.close();

    await expect(one.load('phase')).rejects.toMatchObject({ code: 'EBACKEND' }); // the closed manager itself
    expect(await two.load('phase')).toBe('building');
    expect(await two.save('phase', 'testing')).toMatchObject({ revision: 2 });
    await two.restore('cp');
    expect(await two.get('phase')).toMatchObject({ value: 'building', revision: 3 });
    // and a manager opened on it after the close works too
    const three = await StateManager.open({ backend, namespace: 'work' });
    expect(await three.keys()).toEqual(['phase']);
    await two.close();
    await three.close();
    await backend.close();
  });

  it('closes a backend the manager opened itself', async () => {
    const file = join(tempDir(), 'state.db');
    const m = await StateManager.open({ backend: 'sqlite', file, namespace: 'work' });
    await m.save('phase', 'building');
    await m.close();
    await expect(m.backend.getEntry('work', 'phase')).rejects.toThrow(/closed/);
    // the data stays in the file
    const again = await StateManager.open({ backend: 'sqlite', file, namespace: 'work' });
    expect(await again.load('phase')).toBe('building');
    await again.close();
  });
});
