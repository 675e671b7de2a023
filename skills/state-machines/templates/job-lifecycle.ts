/**
 * A typed job lifecycle with an audit trail: `defineMachine` with a guard and an action,
 * invalid transitions that throw instead of corrupting the status, every transition written to
 * a hash-chained JSONL `EventLog`, a snapshot persisted and resumed, and `verify()` catching
 * an edited log line.
 *
 * Copy into your project, then: npm install @steadystate/state-machine
 * Run: npx tsx job-lifecycle.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  defineMachine,
  EventLog,
  GuardRejectedError,
  InvalidTransitionError,
} from '@steadystate/state-machine';

export const job = defineMachine({
  id: 'job',
  initial: 'queued',
  context: () => ({ attempts: 0, error: null as string | null }),
  states: {
    queued: { on: { start: 'running', cancel: 'cancelled' } },
    running: {
      on: {
        succeed: 'done',
        fail: {
          target: 'queued',
          guard: (ctx) => ctx.attempts < 2, // two retries, then the caller must give up
          action: (ctx, ev) => ({ attempts: ctx.attempts + 1, error: String(ev.reason ?? 'unknown') }),
          severity: 'WARNING',
        },
        giveUp: 'failed',
      },
    },
    done: { terminal: true },
    failed: { terminal: true },
    cancelled: { terminal: true },
  },
});

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'job-lifecycle-'));
  const logPath = join(dir, 'job-events.jsonl');
  let now = Date.UTC(2026, 0, 1, 9);
  const clock = { now: () => (now += 1_000) };
  try {
    const log = new EventLog(logPath);
    const actor = job.start(undefined, { sinks: [log], entity: 'job-42', actor: 'worker-1', clock });
    actor.send('start');
    actor.send({ type: 'fail', reason: 'timeout' }); // payload fields are recorded
    actor.send('start');

    let invalid: string | undefined;
    try {
      actor.send('cancel'); // cancel is only allowed while queued
    } catch (err) {
      if (!(err instanceof InvalidTransitionError)) throw err;
      invalid = err.code;
      console.log(err.message);
    }

    // Persist mid-run (e.g. with @steadystate/checkpoint or state-file), then resume elsewhere.
    const saved = JSON.stringify(actor.snapshot());
    await actor.flush();
    const resumed = job.start(JSON.parse(saved), {
      sinks: [log],
      entity: 'job-42',
      actor: 'worker-2',
      clock,
    });
    resumed.send({ type: 'fail', reason: 'timeout again' });
    resumed.send('start');
    let guard: string | undefined;
    try {
      resumed.send({ type: 'fail', reason: 'third time' }); // attempts exhausted: refused
    } catch (err) {
      if (!(err instanceof GuardRejectedError)) throw err;
      guard = err.code;
      console.log(err.message);
    }
    resumed.send('giveUp');
    await resumed.flush();
    console.log(`final: ${resumed.state} after ${resumed.context.attempts} retries (done: ${resumed.done})`);

    const trail = (await log.query({ entity: 'job-42' })).map((l) => `${l.from_state}->${l.to_state}`);
    const warnings = (await log.query({ severity: 'WARNING' })).length;
    const verified = await log.verify();
    console.log(`audit trail: ${trail.join(' ')}; verify: ${JSON.stringify(verified)}`);

    // Somebody edits a line: the hash chain no longer matches.
    const lines = readFileSync(logPath, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('timeout', 'network');
    writeFileSync(logPath, lines.join('\n'));
    const tampered = await new EventLog(logPath).verify();
    console.log(`after an edit: ${JSON.stringify(tampered)}`);
    return {
      invalid,
      guard,
      final: resumed.state,
      attempts: resumed.context.attempts,
      seq: resumed.snapshot().seq,
      trail,
      warnings,
      verifiedOk: verified.ok,
      tamperedOk: tampered.ok,
      tamperedLine: tampered.ok ? undefined : tampered.line,
    };
  } finally {
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
