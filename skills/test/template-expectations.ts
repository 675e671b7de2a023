/** What each template's JSON summary (its last stdout line) must show. */
import { expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: the summaries are free-form JSON
type Check = (summary: any, stdout: string) => void;

export const expectations: Record<string, Check> = {
  'state-management-patterns/templates/atomic-json.ts': (s) => {
    expect(s).toEqual({ swept: 1, runs: 1, corrupt: 'ECORRUPT (invalid-json)', files: ['settings.json'] });
  },
  'state-management-patterns/templates/versioned-state.ts': (s) => {
    expect(s).toEqual({
      migratedTheme: 'light',
      recent: ['a.txt', 'b.txt'],
      schemaVersion: '2.0.0',
      repairedRecent: ['b.txt', 'a.txt'], // .bak is the version before the last write
      recoveredFrom: 1,
      newer: 'EMIGRATION newer',
      corruptCopies: 1,
    });
  },
  'state-management-patterns/templates/locked-counter.ts': (s) => {
    expect(s).toEqual({ count: 100, expected: 100, codes: [0, 0, 0, 0], tokensIncrease: true });
  },
  'state-management-patterns/templates/batch-resume.ts': (s) => {
    expect(s).toEqual({
      crashExit: 137,
      completedBeforeCrash: ['alpha', 'bravo'],
      attempts: 2,
      processedThisRun: 3,
      summary: { batchId: 'nightly-1', completed: 4, failed: 1 },
    });
  },
};
