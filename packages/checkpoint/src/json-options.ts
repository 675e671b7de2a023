/** Options of `JsonBackend`. */
export interface JsonBackendOptions {
  /** Folder holding one sub-folder per namespace. @default '.steadystate' */
  dir?: string;
  /** fsync every file (and its folder) before a write counts as done. @default true */
  fsync?: boolean;
  /** How long a write waits for another process holding the namespace lock. @default 10000 */
  lockTimeoutMs?: number;
}
