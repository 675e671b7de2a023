import type { Versioned } from '@steadystate/schema-migration';
import type { StateDocument } from '@steadystate/state-file';
import type { BreakerDocument } from './file-store-document.js';
import { exactDocument } from './file-store-exact.js';

/** The version this code writes. */
export const BREAKER_DOCUMENT_VERSION = '1.0.0';

/** The document of a store without breakers. */
export function emptyDocument(): BreakerDocument {
  return {
    hooks: {},
    global_stats: { total_executions: 0, total_failures: 0, hooks_disabled: 0, last_updated: null },
  };
}

type ZodDocument = Versioned<BreakerDocument>;

/**
 * The zod-defined document (file-store-document.ts), loaded the first time one is needed;
 * with `now`, one whose legacy migration reads that clock.
 */
function zodDocument(now: (() => number) | undefined): () => Promise<ZodDocument> {
  let own: ZodDocument | undefined;
  return () =>
    import('./file-store-document.js').then((m) => {
      if (now === undefined) return m.breakerDocument;
      own ??= m.defineBreakerDocument(now);
      return own;
    });
}

/**
 * How FileStore reads and writes its document. A document in the exact shape this code
 * writes (every field present and valid, nothing else) is checked by hand
 * ({@link exactDocument}), with the value the zod schema would give; anything else (a
 * missing field, a bad value, another timestamp form, a legacy or newer file) goes to the
 * zod-defined `breakerDocument`, loaded then, for its defaults, migrations and errors. A
 * short-lived process that finds a healthy file never loads zod.
 */
export function createBreakerCodec(now?: () => number): StateDocument<BreakerDocument> {
  const document = zodDocument(now);
  return {
    parse(raw) {
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        const { schemaVersion, ...rest } = raw as Record<string, unknown>;
        const value = schemaVersion === BREAKER_DOCUMENT_VERSION ? exactDocument(rest) : undefined;
        if (value !== undefined) return { value };
      }
      return document().then((d) => d.parse(raw));
    },
    serialize(value) {
      const exact = exactDocument(value);
      if (exact !== undefined) return { schemaVersion: BREAKER_DOCUMENT_VERSION, ...exact };
      return document().then((d) => d.serialize(value));
    },
    defaults: emptyDocument,
  };
}

/** {@link createBreakerCodec} on the system clock. */
export const breakerCodec: StateDocument<BreakerDocument> = createBreakerCodec();
