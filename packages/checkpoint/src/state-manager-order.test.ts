import { describe, expect, it } from 'vitest';
import { StateManager } from './state-manager.js';

describe('checkpoint order', () => {
  it('lists checkpoints taken in the same millisecond in the order they were taken', async () => {
    const frozen = { now: () => 1_700_000_000_000 };
    const manager = await StateManager.open({ backend: 'memory', namespace: 'order', clock: frozen });
    await manager.save('phase', 'scout');
    for (const name of ['zeta', 'alpha', 'mid']) await manager.checkpoint(name);
    expect((await manager.listCheckpoints()).map((c) => c.name)).toEqual(['zeta', 'alpha', 'mid']);
    await manager.close();
  });
});
