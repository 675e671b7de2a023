/**
 * What `openStateFile` needs to know of its documents. A `Versioned<T>` from
 * `defineVersioned` (`@steadystate/schema-migration`) is one; so is any object with these
 * three methods. `parse` and `serialize` may return a promise, so a document type can load
 * its schema library only when a document needs it (e.g. check the usual shape by hand and
 * import the full schema for anything else).
 */
export interface StateDocument<T> {
  /**
   * The value of a stored document (the parsed JSON), migrated and validated. A document
   * that is not valid throws an error with code `ECORRUPT`, `EVALIDATION`, or `EMIGRATION`
   * with reason `missing-version` / `invalid-version`: the file is then moved aside and
   * replaced; any other error is passed to the caller and the file is kept.
   */
  parse(raw: unknown): { value: T } | Promise<{ value: T }>;
  /** The document to store for `value` (validated). */
  serialize(value: T): object | Promise<object>;
  /** A fresh default document. */
  defaults(): T;
}
