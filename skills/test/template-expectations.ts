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
  'circuit-breakers/templates/file-store-breaker.ts': (s) => {
    expect(s).toEqual({
      rejected: 'EBREAKEROPEN',
      transitions: ['closed->open', 'open->half_open', 'half_open->closed'],
      final: 'closed',
      failures: 3,
      executions: 5,
    });
  },
  'circuit-breakers/templates/choose-policy.ts': (s) => {
    expect(s.flappingConsecutive.status).toBe('closed');
    expect(s.flappingRate.status).toBe('open');
    expect(s.slowConsecutive.status).toBe('closed');
    expect(s.slowWithLimit.status).toBe('open');
    expect(s.schedule).toEqual([30, 60, 120, 240, 300, 300]);
    expect(s.invalid).toBe('EINVALIDPOLICY');
  },
  'circuit-breakers/templates/redis-store.ts': (s) => {
    if (!s.reachable && process.env.STEADYSTATE_REQUIRE_SERVICES !== '1') {
      // Redis absent on this machine: the template must still fail open, as documented.
      process.stderr.write('[steadystate] redis-store template ran without Redis (ESTOREUNAVAILABLE path)\n');
      expect(s.code).toBe('ESTOREUNAVAILABLE');
      return;
    }
    expect(s).toEqual({ reachable: true, seenByB: 'open', afterReset: 'closed' });
  },
  'hook-guardrails/templates/guard-a-flaky-hook.ts': (s) => {
    expect(s).toEqual({
      codes: [1, 1, 1],
      blockCode: 2,
      skippedCode: 0,
      skippedMentionsReset: true,
      statusAfterFailures: 'open',
      failuresCounted: 3,
      resetCode: 0,
      afterResetCode: 0,
    });
  },
  'hook-guardrails/templates/install-into-settings.ts': (s) => {
    expect(s).toEqual({
      dryRunCode: 0,
      dryRunAdded: 2,
      dryRunUntouched: true,
      installCode: 0,
      commands: [
        `guardrails run --name eslint --timeout 27 -- 'npx eslint --fix "$CLAUDE_FILE_PATHS"'`,
        `guardrails run --name stop-check --timeout 595 -- 'node .claude/hooks/stop-check.mjs'`,
      ],
      permissionsKept: true,
      backups: 1,
      againCode: 0,
      unchangedByAgain: true,
      restored: true,
    });
  },
  'managing-state/templates/checkpoint-restore.ts': (s) => {
    expect(s).toEqual({
      phase: 'planning',
      tasks: ['scout'],
      keys: ['completed_tasks', 'current_phase', 'metadata'],
      fallback: 'default',
      conflict: 'ECONFLICT',
      missing: 'ENOTFOUND',
      checkpoints: [{ name: 'after_scouting', keys: 3, pinned: false }],
      onDisk: ['checkpoints', 'entries'],
    });
  },
  'managing-state/templates/retention-and-pins.ts': (s) => {
    // keepLast 3 (h69-h71) + keepDaily 3 (the newest of each day: h23, h47, h71) + the pinned h05
    expect(s.kept).toEqual(['h05', 'h23', 'h47', 'h69', 'h70', 'h71']);
    expect(s.dryRunKeep).toEqual(['h05:pinned', 'h71:newest+last']);
    expect(s.dryRunRemove).toEqual(['h23', 'h47', 'h69', 'h70']);
    expect(s.stillThere).toBe(6); // a dry run deletes nothing
    expect(s.pure).toEqual({
      keep: [
        { name: 'old', reasons: ['pinned'] },
        { name: 'new', reasons: ['newest', 'within'] },
      ],
      remove: ['mid'],
    });
  },
  'managing-state/templates/resumable-batch.ts': (s) => {
    expect(s).toEqual({
      crashExit: 137,
      staleNow: false,
      completedBeforeCrash: ['alpha', 'bravo'],
      handled: ['charlie', 'delta', 'echo'],
      progress: {
        total: 5,
        completed: ['alpha', 'bravo', 'charlie', 'echo'],
        failed: [{ item: 'delta', error: 'delta: upstream returned 503' }],
        pending: 0,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      },
    });
    const { createdAt, updatedAt } = (s as { progress: { createdAt: number; updatedAt: number } }).progress;
    expect(updatedAt).toBeGreaterThanOrEqual(createdAt); // created before the crash, updated after it
  },
  'managing-state/templates/switch-backend.ts': (s) => {
    expect(s).toEqual({
      copied: { keys: 1, checkpoints: 2, verified: true },
      progress: ['1/3', '2/3', '3/3'],
      done: ['scout', 'plan'],
      checkpoints: ['after-scout', 'after-plan', 'after-build'],
    });
  },
  'managing-state/templates/cli-session.ts': (s) => {
    expect(s).toEqual({
      steps: { init: 0, save: 0, saveList: 0, checkpoint: 0, change: 0 },
      restore: 0,
      before: '"building"', // load prints JSON
      after: '"planning"',
      conflictCode: 3,
      missingCode: 4,
      checkpoints: ['after_scouting:2'],
    });
  },
  'state-machines/templates/job-lifecycle.ts': (s) => {
    expect(s).toEqual({
      invalid: 'EINVALIDTRANSITION',
      guard: 'EGUARD',
      final: 'failed',
      attempts: 2,
      seq: 6, // history continued across the snapshot
      trail: [
        'queued->running',
        'running->queued',
        'queued->running',
        'running->queued',
        'queued->running',
        'running->failed',
      ],
      warnings: 2,
      verifiedOk: true,
      tamperedOk: false,
      tamperedLine: 2,
    });
  },
  'state-machines/templates/workflow-tasks-sqlite.ts': (s) => {
    expect(s).toEqual({
      refused: 'EGUARD',
      build: 'COMPLETED',
      deploy: 'FAILED',
      canRetry: false,
      deployEvents: ['QUEUE', 'ASSIGN', 'RETRY', 'REQUEUE', 'ASSIGN', 'FAIL'],
      severities: ['INFO', 'INFO', 'WARNING', 'INFO', 'INFO', 'ERROR'],
      buildRows: 4,
      schemaVersion: expect.any(Number),
    });
  },
};
