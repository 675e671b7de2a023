import { runBackendCompliance } from './backend-compliance.js';
import { StateManager } from './state-manager.js';

runBackendCompliance('memory', async ({ clock }) => ({
  manager: await StateManager.open({ backend: 'memory', namespace: 'test', clock }),
  cleanup: async () => {},
}));
