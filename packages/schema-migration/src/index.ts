export { MigrationError, type MigrationErrorDetails, type MigrationErrorReason } from './migration-error.ts';
export type { Migration, VersionedOptions } from './options.ts';
export { OptionsError } from './options-error.ts';
export { compareVersions, isExactVersion, parseVersion, type Version } from './semver.ts';
export { ValidationError, type ValidationErrorDetails } from './validation-error.ts';
export { defineVersioned, type ParseResult, type Versioned } from './versioned.ts';
