export { BackupError, RecoveryError } from './errors.js';
export type { RecoverEvent, StateFileOptions } from './options.js';
export type { StateDocument } from './state-document.js';
export { openStateFile, type StateFile, type Updater } from './state-file.js';
