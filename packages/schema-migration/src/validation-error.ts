import * as z from 'zod/v4/core';

/** How many issues the message lists; all of them are in `issues`. */
const LISTED_ISSUES = 3;

/** The fields a ValidationError carries besides its message. */
export interface ValidationErrorDetails {
  /** The document's name (`VersionedOptions.name`). */
  name: string;
  /** The version whose schema rejected the document (the current one). */
  version: string;
  /** The version the document was migrated from, when steps ran. */
  from?: string;
  /** What was being validated, for the message. @default 'document' */
  subject?: string;
}

/** A document that the current zod schema rejects (after all migration steps ran). */
export class ValidationError extends Error {
  readonly code = 'EVALIDATION' as const;
  /** zod's issues, each with its `path` and `message`. */
  readonly issues: z.$ZodIssue[];
  /** The schema version the document was validated against. */
  readonly version: string;

  constructor(error: { issues: z.$ZodIssue[] }, details: ValidationErrorDetails) {
    const issues = error.issues;
    const migrated = details.from !== undefined && details.from !== details.version;
    const what = `${details.subject ?? details.name} valid for version ${details.version}`;
    super(
      `schema-migration: expected ${what}${migrated ? ` after migrating from ${details.from}` : ''}, ` +
        `found ${issues.length} issue${issues.length === 1 ? '' : 's'}: ${formatIssues(issues)}`,
      { cause: error },
    );
    this.name = 'ValidationError';
    this.issues = issues;
    this.version = details.version;
  }
}

/** `"theme: Invalid option ...; limits.max: Too big ..."`, the first few issues. */
function formatIssues(issues: readonly z.$ZodIssue[]): string {
  const listed = issues.slice(0, LISTED_ISSUES).map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : z.toDotPath(issue.path);
    return `${path}: ${issue.message}`;
  });
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
