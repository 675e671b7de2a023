/**
 * Seed 002's ready-made task machine (`@steadystate/state-machine/workflow`) driving two tasks
 * with a dependency, every transition written to an SQLite `state_transitions` audit table,
 * then queried per task: "what happened to task B, and when?".
 *
 * Copy into your project, then: npm install @steadystate/state-machine better-sqlite3
 * Run: npx tsx workflow-tasks-sqlite.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GuardRejectedError } from '@steadystate/state-machine';
import { SqliteAuditSink } from '@steadystate/state-machine/sqlite';
import { defineTaskMachine, taskMachine } from '@steadystate/state-machine/workflow';

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-tasks-sqlite-'));
  const audit = new SqliteAuditSink(join(dir, 'audit.db'));
  try {
    const build = taskMachine.start(undefined, { sinks: [audit], entity: 'build', actor: 'scheduler' });
    const deploy = defineTaskMachine({ dependencies: { tasks: ['build'] }, maxRetries: 1 }).start(undefined, {
      sinks: [audit],
      entity: 'deploy',
      actor: 'scheduler',
    });

    // deploy cannot be queued before build completed: the guard refuses, nothing changes.
    let refused: string | undefined;
    try {
      deploy.send({ type: 'QUEUE', completedTasks: [] });
    } catch (err) {
      if (!(err instanceof GuardRejectedError)) throw err;
      refused = err.code;
    }

    build.send({ type: 'QUEUE' });
    build.send({ type: 'ASSIGN', workerId: 'w1' });
    build.send('VALIDATE');
    build.send('PASS');

    deploy.send({ type: 'QUEUE', completedTasks: ['build'] });
    deploy.send({ type: 'ASSIGN', workerId: 'w2' });
    deploy.send({ type: 'RETRY', error: 'registry timeout' }); // 1 retry allowed
    deploy.send('REQUEUE');
    deploy.send({ type: 'ASSIGN', workerId: 'w3' });
    const canRetry = deploy.can({ type: 'RETRY' }); // budget spent
    deploy.send({ type: 'FAIL', error: 'registry timeout again' });
    console.log(
      `build: ${build.state}; deploy: ${deploy.state} (${deploy.context.error}), retry allowed: ${canRetry}`,
    );

    const rows = audit.transitions({ entity: 'deploy' });
    for (const r of rows)
      console.log(`  ${r.seq} ${r.event.padEnd(8)} ${r.from_state} -> ${r.to_state} [${r.severity}]`);
    return {
      refused,
      build: build.state,
      deploy: deploy.state,
      canRetry,
      deployEvents: rows.map((r) => r.event),
      severities: rows.map((r) => r.severity),
      buildRows: audit.transitions({ entity: 'build' }).length,
      schemaVersion: audit.schemaVersion(),
    };
  } finally {
    audit.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
