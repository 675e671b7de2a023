import { runBackendCompliance } from './backend-compliance.js';
import { StateManager } from './state-manager.js';

runBackendCompliance('memory', async ({ clock }) => {
  const manager = await StateManager.open({ backend: 'memory', namespace: 'test', clock });
  return {
    manager,
    cleanup: async () => {},
    // the store is the backend object: another manager shares it
    another: () => StateManager.open({ backend: manager.backend, namespace: 'test', clock }),
  };
});
