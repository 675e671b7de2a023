// What every command gets (the process's streams, created on first use, and environment), shared with the steadystate CLI.
export {
  createProcessContext as createContext,
  type ProcessContext as CommandContext,
} from '@steadystate/cli-kit';
