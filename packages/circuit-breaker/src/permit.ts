import type { CircuitBreaker } from './breaker.js';
import type { OutcomeOptions, Permit } from './decision.js';

const done: Promise<void> = Promise.resolve();

/** The {@link Permit} that `acquire()` returns. The first report wins; later ones are no-ops. */
export class PermitHandle implements Permit {
  readonly allowed = true as const;
  readonly trial: boolean;
  #settled = false;

  constructor(
    readonly breaker: CircuitBreaker,
    readonly generation: number,
    /** The trial lease id, null for a call admitted in closed or disabled. */
    readonly trialId: string | null,
    /** ms epoch of the acquire: the default `durationMs` is measured from it. */
    readonly acquiredAt: number,
    readonly consecutiveFailures: number,
  ) {
    this.trial = trialId !== null;
  }

  /** true once an outcome was reported. */
  get settled(): boolean {
    return this.#settled;
  }

  success(opts?: OutcomeOptions): Promise<void> {
    return this.#report('success', undefined, opts?.durationMs);
  }

  failure(error?: unknown, opts?: OutcomeOptions): Promise<void> {
    return this.#report('failure', error, opts?.durationMs);
  }

  ignore(): Promise<void> {
    return this.#report('ignore', undefined, undefined);
  }

  #report(
    type: 'success' | 'failure' | 'ignore',
    error: unknown,
    durationMs: number | undefined,
  ): Promise<void> {
    if (this.#settled) return done;
    this.#settled = true;
    try {
      return (
        this.breaker.settle(type, this.generation, this.trialId, this.acquiredAt, error, durationMs) ?? done
      );
    } catch (e) {
      return Promise.reject(e);
    }
  }
}
