import { tempDir } from '@steadystate/testkit';
import { runBackendCompliance } from './backend-compliance.js';
import { JsonBackend } from './json-backend.js';
import { StateManager } from './state-manager.js';

// fsync only matters on power loss, which no test can cause; without it the
// 10,000-key case does not spend a minute waiting for the disk of a shared machine.
runBackendCompliance('json', async ({ clock }) => {
  const dir = tempDir();
  const backend = new JsonBackend({ dir, fsync: false });
  return {
    manager: await StateManager.open({ backend, namespace: 'test', clock }),
    cleanup: () => backend.close(),
    // its own backend object, so its own lock queue: it contends for the folder's lock as a process does
    another: () =>
      StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'test', clock }),
  };
});
