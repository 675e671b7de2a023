/**
 * `@steadystate/checkpoint/sqlite`: the SQLite backend, a separate entry so that
 * `better-sqlite3` (an optional peer dependency with a native build) is only loaded by those
 * who use it. `StateManager.open({ backend: 'sqlite', file })` imports this entry lazily.
 */

export type { SqliteBackendOptions } from './sqlite/options.js';
export { SqliteBackend } from './sqlite-backend.js';
