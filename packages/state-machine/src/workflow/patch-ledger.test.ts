import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidOptionError, InvalidTransitionError } from '../errors.js';
import {
  applyBlockers,
  definePatchLedgerMachine,
  isPatchExpired,
  nextPatchStage,
  type PatchContext,
  type PatchEvent,
  type PatchState,
  patchLedgerMachine,
} from './patch-ledger.js';
import { captureError, describeMachine, type Step } from './testing/walk.js';

const EVENTS: PatchEvent[] = [
  'VALIDATE',
  'STAGE_PASSED',
  'STAGE',
  'QUARANTINE',
  'RELEASE',
  'REJECT',
  'APPLY',
  'VERIFY',
  'ROLLBACK',
  'SUPERSEDE',
  'EXPIRE',
];
const EXPIRES = 2_000_000_000_000;
const machine = definePatchLedgerMachine({
  stages: ['format', 'scope'],
  requiredGates: ['unit'],
  expiresAt: EXPIRES,
});
const passAll: Step<PatchEvent>[] = [
  { type: 'STAGE_PASSED', stage: 'format' },
  { type: 'STAGE_PASSED', stage: 'scope' },
];
const staged: Step<PatchEvent>[] = ['VALIDATE', ...passAll, 'STAGE'];
const expire = { type: 'EXPIRE', now: EXPIRES } as const;

describeMachine<PatchState, PatchEvent, PatchContext>('patch-ledger', {
  machine,
  table: [
    ['PENDING', 'VALIDATE', 'VALIDATING'],
    ['PENDING', 'SUPERSEDE', 'SUPERSEDED'],
    ['PENDING', 'EXPIRE', 'EXPIRED'],
    ['VALIDATING', 'STAGE_PASSED', 'VALIDATING'],
    ['VALIDATING', 'STAGE', 'STAGED', passAll],
    ['VALIDATING', 'QUARANTINE', 'QUARANTINED'],
    ['VALIDATING', 'REJECT', 'REJECTED'],
    ['STAGED', 'APPLY', 'APPLIED'],
    ['STAGED', 'SUPERSEDE', 'SUPERSEDED'],
    ['STAGED', 'EXPIRE', 'EXPIRED'],
    ['STAGED', 'QUARANTINE', 'QUARANTINED'],
    ['QUARANTINED', 'RELEASE', 'VALIDATING'],
    ['QUARANTINED', 'REJECT', 'REJECTED'],
    ['QUARANTINED', 'EXPIRE', 'EXPIRED'],
    ['APPLIED', 'VERIFY', 'VERIFIED'],
    ['APPLIED', 'ROLLBACK', 'ROLLED_BACK'],
  ],
  paths: {
    PENDING: [],
    VALIDATING: ['VALIDATE'],
    STAGED: staged,
    APPLIED: [...staged, 'APPLY'],
    VERIFIED: [...staged, 'APPLY', 'VERIFY'],
    QUARANTINED: ['VALIDATE', 'QUARANTINE'],
    REJECTED: ['VALIDATE', 'REJECT'],
    ROLLED_BACK: [...staged, 'APPLY', 'ROLLBACK'],
    SUPERSEDED: ['SUPERSEDE'],
    EXPIRED: [expire],
  },
  payloads: {
    STAGE_PASSED: { stage: 'format' },
    APPLY: { passedGates: ['unit'] },
    SUPERSEDE: { by: 'patch-2' },
    EXPIRE: { now: EXPIRES },
  },
  step: fc.record({
    dt: fc.nat({ max: 5_000 }),
    event: fc.record(
      {
        type: fc.constantFrom(...EVENTS),
        stage: fc.constantFrom('next', 'next', 'next', 'next', 'format', 'scope', 'other'),
        passedGates: fc.constantFrom(['unit'], ['lint', 'unit'], ['lint']),
        by: fc.constantFrom('patch-2', ''),
        now: fc.constantFrom(EXPIRES - 1, EXPIRES - 1, EXPIRES - 1, EXPIRES, EXPIRES + 1),
        error: fc.constantFrom('bad hunk', 'conflict'),
      },
      { requiredKeys: ['type', 'stage'] },
    ),
  }),
  // 'next' stands for the stage the patch expects, so validation rounds can complete
  resolve: (ctx, ev) => (ev.stage === 'next' ? { ...ev, stage: nextPatchStage(ctx) } : ev),
  invariant: (actor, before, event, accepted) => {
    const c = actor.context;
    expect(c.stages.slice(0, c.passedStages.length)).toEqual(c.passedStages);
    if (['STAGED', 'APPLIED', 'VERIFIED', 'ROLLED_BACK'].includes(actor.state))
      expect(nextPatchStage(c)).toBeUndefined();
    if (accepted && actor.state === 'APPLIED' && before.state === 'STAGED') {
      expect(event.passedGates).toContain('unit');
      expect(isPatchExpired(c, event.now as number)).toBe(false);
    }
    if (accepted && actor.state === 'EXPIRED') expect(isPatchExpired(c, event.now as number)).toBe(true);
  },
});

describe('patch-ledger: guards', () => {
  it('validation stages pass in order; staging needs all of them', () => {
    const patch = patchLedgerMachine.start();
    patch.send('VALIDATE');
    expect(nextPatchStage(patch.context)).toBe('format');
    expect(patch.can({ type: 'STAGE_PASSED', stage: 'scope' })).toBe(false);
    patch.send({ type: 'STAGE_PASSED', stage: 'format' });
    patch.send({ type: 'STAGE_PASSED', stage: 'scope' });
    expect(captureError(() => patch.send('STAGE'))).toBeInstanceOf(GuardRejectedError);
    patch.send({ type: 'STAGE_PASSED', stage: 'conflicts' });
    expect(patch.can({ type: 'STAGE_PASSED', stage: 'conflicts' })).toBe(false);
    patch.send('STAGE');
    expect(patch.state).toBe('STAGED');
  });

  it('a quarantined patch cannot be applied; release restarts validation from the first stage', () => {
    const patch = machine.start();
    patch.send('VALIDATE');
    patch.send({ type: 'STAGE_PASSED', stage: 'format' });
    patch.send({ type: 'QUARANTINE', error: 'touches a generated file' });
    const error = captureError(() => patch.send({ type: 'APPLY', passedGates: ['unit'], now: 0 }));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ state: 'QUARANTINED', allowed: ['RELEASE', 'REJECT', 'EXPIRE'] });
    expect(patch.context).toMatchObject({ quarantines: 1, errors: ['touches a generated file'] });
    patch.send('RELEASE');
    expect(patch.context.passedStages).toEqual([]);
    expect(nextPatchStage(patch.context)).toBe('format');
  });

  it('an expired patch cannot be applied and can only expire; before expiry EXPIRE is refused', () => {
    const patch = machine.start();
    for (const step of staged) patch.send(typeof step === 'string' ? step : step);
    expect(patch.can({ type: 'EXPIRE', now: EXPIRES - 1 })).toBe(false);
    const late = { type: 'APPLY', passedGates: ['unit'], now: EXPIRES } as const;
    expect(captureError(() => patch.send(late))).toMatchObject({ code: 'EGUARD', target: 'APPLIED' });
    expect(applyBlockers(patch.context, late)).toEqual(['the patch has expired']);
    expect(applyBlockers(patch.context, { passedGates: ['unit'] })).toEqual([
      'now is required (the patch expires)',
    ]);
    patch.send(expire);
    expect(patch.state).toBe('EXPIRED');
    expect(patch.done).toBe(true);
  });

  it('supersede records the replacing patch', () => {
    const patch = patchLedgerMachine.start();
    expect(patch.can('SUPERSEDE')).toBe(false);
    patch.send({ type: 'SUPERSEDE', by: 'patch-9' });
    expect(patch.context.supersededBy).toBe('patch-9');
  });

  it('refuses bad options', () => {
    expect(() => definePatchLedgerMachine({ stages: [] })).toThrow(InvalidOptionError);
    expect(() => definePatchLedgerMachine({ stages: ['a', 'a'] })).toThrow(/stages/);
    expect(() => definePatchLedgerMachine({ expiresAt: Number.NaN })).toThrow(/expiresAt/);
  });
});
