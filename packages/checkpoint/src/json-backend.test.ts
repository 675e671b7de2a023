import { tempDir } from '@steadystate/testkit';
import { runBackendCompliance } from './backend-compliance.js';
import { JsonBackend } from './json-backend.js';
import { StateManager } from './state-manager.js';

// fsync only matters on power loss, which no test can cause; without it the
// 10,000-key case does not spend a minute waiting for the disk of a shared machine.
runBackendCompliance('json', async ({ clock }) => {
  const backend = new JsonBackend({ dir: tempDir(), fsync: false });
  return {
    manager: await StateManager.open({ backend, namespace: 'test', clock }),
    cleanup: () => backend.close(),
  };
});
