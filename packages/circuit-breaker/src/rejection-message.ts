import type { RejectionReason } from './decision.js';
import type { BreakerPolicy } from './policy.js';
import type { BreakerRecord } from './record.js';

const when = (at: number | null): string =>
  at === null ? 'until reset' : `retry at ${new Date(at).toISOString()}`;

/** The human message of a rejection, e.g. `circuit-breaker: api is open after 3 consecutive failures (last error: boom); retry at 2025-...`. */
export function rejectionMessage(
  name: string,
  reason: RejectionReason,
  retryAt: number | null,
  record: BreakerRecord,
  policy: BreakerPolicy,
): string {
  const c = record.circuit;
  const lastError = record.stats.lastError === null ? '' : ` (last error: ${record.stats.lastError})`;
  switch (reason) {
    case 'open': {
      const why = c.status === 'open' && c.reason ? c.reason : 'failures';
      return `circuit-breaker: ${name} is open after ${why}${lastError}; ${when(retryAt)}`;
    }
    case 'forced_open': {
      const why = c.status === 'forced_open' && c.reason !== null ? ` (reason: ${c.reason})` : '';
      return `circuit-breaker: ${name} is forced open${why}; ${when(retryAt)}`;
    }
    case 'half_open_full':
      return (
        `circuit-breaker: ${name} is half-open with ${record.trials.length}/${policy.halfOpenMaxTrials} ` +
        `trial call${policy.halfOpenMaxTrials === 1 ? '' : 's'} in flight; ${when(retryAt)}`
      );
  }
}
