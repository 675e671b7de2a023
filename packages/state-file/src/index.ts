export { BackupError, RecoveryError } from './errors.js';
export type { RecoverEvent, StateFileOptions } from './options.js';
export { openStateFile, type StateFile, type Updater } from './state-file.js';
