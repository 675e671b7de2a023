import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { errorText, missing, numberField, stringField, stringsField } from './payload.js';

/**
 * States of a patch (seed 002, SSOT §2.2). Terminal: `VERIFIED`, `REJECTED`, `ROLLED_BACK`,
 * `SUPERSEDED`, `EXPIRED`.
 */
export type PatchState =
  | 'PENDING'
  | 'VALIDATING'
  | 'STAGED'
  | 'APPLIED'
  | 'VERIFIED'
  | 'QUARANTINED'
  | 'REJECTED'
  | 'ROLLED_BACK'
  | 'SUPERSEDED'
  | 'EXPIRED';
/** Events a patch accepts. */
export type PatchEvent =
  | 'VALIDATE'
  | 'STAGE_PASSED'
  | 'STAGE'
  | 'QUARANTINE'
  | 'RELEASE'
  | 'REJECT'
  | 'APPLY'
  | 'VERIFY'
  | 'ROLLBACK'
  | 'SUPERSEDE'
  | 'EXPIRE';

/** What the ledger records about one patch. */
export interface PatchContext {
  /** Validation stages, in the order they must pass. */
  readonly stages: readonly string[];
  /** Stages passed in this validation round: always a prefix of `stages`. */
  readonly passedStages: readonly string[];
  /** Test gates that must have passed before the patch is applied. */
  readonly requiredGates: readonly string[];
  /** After this time (epoch ms) the patch can no longer be applied; `null`: never expires. */
  readonly expiresAt: number | null;
  /** Times the patch was quarantined. */
  readonly quarantines: number;
  /** The patch that replaced this one, else `null`. */
  readonly supersededBy: string | null;
  /** Every validation error, quarantine and rejection reason, in order. */
  readonly errors: readonly string[];
}

/** Options of {@link definePatchLedgerMachine}. */
export interface PatchLedgerOptions {
  /**
   * Validation stages, in order (non-empty, distinct names).
   * @default ['format', 'scope', 'conflicts']
   */
  readonly stages?: readonly string[];
  /**
   * Gate ids that must be `PASSED` for `APPLY`.
   * @default []
   */
  readonly requiredGates?: readonly string[];
  /**
   * Expiry time (epoch ms); `APPLY` then needs `now` before it, and `EXPIRE` is allowed from it.
   * @default null (never expires)
   */
  readonly expiresAt?: number | null;
}

function names(option: string, value: unknown, fallback: string[], nonEmpty: boolean): string[] {
  if (value === undefined) return fallback;
  const ok = Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
  if (!ok || new Set(value).size !== value.length || (nonEmpty && value.length === 0)) {
    throw new InvalidOptionError(
      option,
      `an array of distinct non-empty strings${nonEmpty ? ' (at least one)' : ''}`,
      value,
    );
  }
  return [...value];
}

/** Normalises {@link PatchLedgerOptions} into the initial context. */
export function initialPatchContext(options: PatchLedgerOptions = {}): PatchContext {
  const expiresAt = options.expiresAt ?? null;
  if (expiresAt !== null && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) {
    throw new InvalidOptionError('expiresAt', 'a finite epoch-ms number or null', expiresAt);
  }
  return {
    stages: names('stages', options.stages, ['format', 'scope', 'conflicts'], true),
    passedStages: [],
    requiredGates: names('requiredGates', options.requiredGates, [], false),
    expiresAt,
    quarantines: 0,
    supersededBy: null,
    errors: [],
  };
}

/** Whether the patch has expired at `now`. */
export function isPatchExpired(ctx: PatchContext, now: number): boolean {
  return ctx.expiresAt !== null && now >= ctx.expiresAt;
}

/** The next validation stage to pass, or `undefined` when all have passed. */
export function nextPatchStage(ctx: PatchContext): string | undefined {
  return ctx.stages[ctx.passedStages.length];
}

/** Why `APPLY` with this event would be refused (empty: it would be accepted). */
export function applyBlockers(
  ctx: PatchContext,
  ev: { passedGates?: readonly string[]; now?: number },
): string[] {
  const gates = missing(ctx.requiredGates, ev.passedGates ?? []).map((g) => `gate ${g} has not passed`);
  if (ctx.expiresAt === null) return gates;
  if (ev.now === undefined) return [...gates, 'now is required (the patch expires)'];
  return isPatchExpired(ctx, ev.now) ? [...gates, 'the patch has expired'] : gates;
}

const noted = (ctx: PatchContext, ev: EventObject): readonly string[] => {
  const e = errorText(ev);
  return e === null ? ctx.errors : [...ctx.errors, e];
};
const expire = {
  target: 'EXPIRED',
  severity: 'WARNING',
  guard: (ctx: PatchContext, ev: EventObject) => {
    const now = numberField(ev, 'now');
    return now !== undefined && isPatchExpired(ctx, now);
  },
} as const;
const supersede = {
  target: 'SUPERSEDED',
  guard: (_ctx: PatchContext, ev: EventObject) => stringField(ev, 'by') !== undefined,
  action: (ctx: PatchContext, ev: EventObject): PatchContext => ({
    ...ctx,
    supersededBy: stringField(ev, 'by') ?? null,
  }),
} as const;
const quarantine = {
  target: 'QUARANTINED',
  severity: 'WARNING',
  action: (ctx: PatchContext, ev: EventObject): PatchContext => ({
    ...ctx,
    quarantines: ctx.quarantines + 1,
    errors: noted(ctx, ev),
  }),
} as const;
const reject = {
  target: 'REJECTED',
  severity: 'ERROR',
  action: (ctx: PatchContext, ev: EventObject): PatchContext => ({ ...ctx, errors: noted(ctx, ev) }),
} as const;

/**
 * A patch-ledger machine with the given validation stages, required gates and expiry: one
 * patch from proposal to verified (or rolled back, rejected, superseded, expired) (seed 002 §2.2).
 *
 * | from        | event        | to          | guard / effect                                                      |
 * |-------------|--------------|-------------|---------------------------------------------------------------------|
 * | PENDING     | VALIDATE     | VALIDATING  | starts a validation round                                           |
 * | PENDING     | SUPERSEDE    | SUPERSEDED  | `by` (the new patch id) given                                       |
 * | PENDING     | EXPIRE       | EXPIRED     | `now` at or after `expiresAt`                                       |
 * | VALIDATING  | STAGE_PASSED | VALIDATING  | `stage` is the next stage in order                                  |
 * | VALIDATING  | STAGE        | STAGED      | every stage passed                                                  |
 * | VALIDATING  | QUARANTINE   | QUARANTINED | a stage failed, needs review; records `error`                       |
 * | VALIDATING  | REJECT       | REJECTED    | invalid beyond repair (e.g. not a patch); records `error`           |
 * | STAGED      | APPLY        | APPLIED     | every required gate in `passedGates`; `now` before `expiresAt`      |
 * | STAGED      | SUPERSEDE    | SUPERSEDED  | as above                                                            |
 * | STAGED      | EXPIRE       | EXPIRED     | as above                                                            |
 * | STAGED      | QUARANTINE   | QUARANTINED | e.g. a required gate failed; records `error`                        |
 * | QUARANTINED | RELEASE      | VALIDATING  | reviewed: validation restarts from the first stage                  |
 * | QUARANTINED | REJECT       | REJECTED    |                                                                     |
 * | QUARANTINED | EXPIRE       | EXPIRED     | as above                                                            |
 * | APPLIED     | VERIFY       | VERIFIED    |                                                                     |
 * | APPLIED     | ROLLBACK     | ROLLED_BACK | records `error`/`reason`                                            |
 *
 * 10 states, 16 transitions (the seed counts 12; here REJECTED replaces the seed code's BLOCKED:
 * a failing gate keeps a patch STAGED through the APPLY guard instead).
 */
export function definePatchLedgerMachine(
  options: PatchLedgerOptions = {},
): Machine<PatchState, PatchEvent, PatchContext> {
  const initial = initialPatchContext(options);
  return defineMachine({
    id: 'patch-ledger',
    initial: 'PENDING',
    context: (): PatchContext => structuredClone(initial),
    states: {
      PENDING: { on: { VALIDATE: 'VALIDATING', SUPERSEDE: supersede, EXPIRE: expire } },
      VALIDATING: {
        on: {
          STAGE_PASSED: {
            target: 'VALIDATING',
            severity: 'DEBUG',
            guard: (ctx, ev) =>
              nextPatchStage(ctx) !== undefined && stringField(ev, 'stage') === nextPatchStage(ctx),
            action: (ctx, ev) => ({
              ...ctx,
              passedStages: [...ctx.passedStages, stringField(ev, 'stage') ?? ''],
            }),
          },
          STAGE: { target: 'STAGED', guard: (ctx) => nextPatchStage(ctx) === undefined },
          QUARANTINE: quarantine,
          REJECT: reject,
        },
      },
      STAGED: {
        on: {
          APPLY: {
            target: 'APPLIED',
            guard: (ctx, ev) =>
              applyBlockers(ctx, {
                passedGates: stringsField(ev, 'passedGates'),
                now: numberField(ev, 'now'),
              }).length === 0,
          },
          SUPERSEDE: supersede,
          EXPIRE: expire,
          QUARANTINE: quarantine,
        },
      },
      QUARANTINED: {
        on: {
          RELEASE: { target: 'VALIDATING', action: (ctx) => ({ ...ctx, passedStages: [] }) },
          REJECT: reject,
          EXPIRE: expire,
        },
      },
      APPLIED: {
        on: {
          VERIFY: 'VERIFIED',
          ROLLBACK: {
            target: 'ROLLED_BACK',
            severity: 'ERROR',
            action: (ctx, ev) => ({ ...ctx, errors: noted(ctx, ev) }),
          },
        },
      },
      VERIFIED: { terminal: true },
      REJECTED: { terminal: true },
      ROLLED_BACK: { terminal: true },
      SUPERSEDED: { terminal: true },
      EXPIRED: { terminal: true },
    },
  });
}

/** The patch-ledger machine with default options (stages format, scope, conflicts; no gates; no expiry). */
export const patchLedgerMachine: Machine<PatchState, PatchEvent, PatchContext> = definePatchLedgerMachine();

/** A patch-ledger actor. */
export type PatchActor = Actor<PatchState, PatchEvent, PatchContext>;
