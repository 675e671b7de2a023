import { defineVersioned } from '@steadystate/schema-migration';
import { z } from 'zod';

/** The test document: v2 `{ count, updatedBy }`, migrated from v1 `{ counter }`. */
export const counter = defineVersioned({
  name: 'counter',
  version: '2.0.0',
  schema: z.object({ count: z.number().int().min(0), updatedBy: z.string().nullable() }),
  migrations: [{ from: '1.0.0', to: '2.0.0', up: (doc) => ({ count: doc.counter, updatedBy: null }) }],
  defaults: () => ({ count: 0, updatedBy: null }),
});

/** The bytes the package writes for a document (writeJsonAtomic: 2-space JSON + newline). */
export function bytesOf(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

type Counter = { count: number };

/** An update() callback that sets the count. */
export const setCount =
  (n: number) =>
  (draft: Counter): void => {
    draft.count = n;
  };

/** An update() callback that adds one. */
export const increment = (draft: Counter): void => {
  draft.count += 1;
};
